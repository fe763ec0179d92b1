//! Criterion benches on a large generated crate: the pipeline on 1 thread
//! and on every core, next to syn parse-only.

use cratemap::{analyze, Options};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn parallel_module_processing(c: &mut Criterion) {
    let files = cratemap::synth::generate(7, 200, 12);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let texts: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("parallel_module_processing");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("syn_parse_only/1", |b| {
        b.iter(|| {
            for text in &texts {
                let _ = std::hint::black_box(syn::parse_file(text));
            }
            proc_macro2::extra::invalidate_current_thread_spans();
        })
    });
    let mut counts = vec![1, cores];
    counts.dedup();
    for threads in counts {
        group.bench_with_input(
            BenchmarkId::new("pipeline", threads),
            &threads,
            |b, &threads| {
                let options = Options {
                    threads: Some(threads),
                    ..Options::default()
                };
                b.iter(|| analyze(files.clone(), &options))
            },
        );
    }
    group.finish();
}

criterion_group!(benches, parallel_module_processing);
criterion_main!(benches);
