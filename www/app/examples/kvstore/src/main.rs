//! A command-line key-value store with a pluggable backend.

mod store;

use store::{Backend, MemoryBackend, Store};

fn main() {
    let mut store = Store::new(MemoryBackend::default());
    for arg in std::env::args().skip(1) {
        match arg.split_once('=') {
            Some((k, v)) => store.set(k, v),
            None => println!("{}", store.get(&arg).unwrap_or_default()),
        }
    }
    println!("{} keys", store.backend().len());
}
