use super::defs::{Input, MacroPath, MacroTable};
use super::rules::{owned, MacroRules};
use super::{expand, Budget, Exceeded, Failure};
use proc_macro2::{Span, TokenStream};

fn rules(body: &str) -> MacroRules {
    let body: TokenStream = body.parse().expect("test rules lex");
    MacroRules::parse(&owned(body, 64).expect("shallow")).expect("well formed")
}

fn run_with(body: &str, input: &str, budget: &mut Budget) -> Result<String, Failure> {
    let input: TokenStream = input.parse().expect("test input lexes");
    let out = expand(&rules(body), input, Span::call_site(), budget)?;
    Ok(squash(&out.to_string()))
}

fn run(body: &str, input: &str) -> Result<String, Failure> {
    run_with(body, input, &mut Budget::default())
}

/// Output text without whitespace, so that tests need not spell proc-macro2's spacing.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_fragment_specifier_matches_its_syntax() {
    let body = r#"
        (item $x:item) => { i $x };
        (block $x:block) => { b $x };
        (stmt $x:stmt) => { s $x ; };
        (pat $x:pat) => { p $x };
        (pat_param $x:pat_param | y) => { pp $x };
        (expr $x:expr) => { e $x };
        (expr_2021 $x:expr_2021) => { e21 $x };
        (ty $x:ty) => { t $x };
        (ident $x:ident) => { id $x };
        (path $x:path) => { pa $x };
        (tt $x:tt) => { tt $x };
        (meta $x:meta) => { m $x };
        (lifetime $x:lifetime) => { l $x };
        (vis $x:vis fn) => { v $x };
        (literal $x:literal) => { lit $x };
    "#;
    let cases = [
        ("item pub struct S { a: u8 }", "ipubstructS{a:u8}"),
        ("block { f(); 1 }", "b{f();1}"),
        ("stmt let x = 1", "sletx=1;"),
        ("pat Some(1) | None", "pSome(1)|None"),
        ("pat_param Some(_) | y", "ppSome(_)"),
        ("expr a + b * c", "ea+b*c"),
        ("expr_2021 f(x)", "e21f(x)"),
        ("ty Vec<Option<&'a str>>", "tVec<Option<&'astr>>"),
        ("ident r#type", "idr#type"),
        (
            "path std::collections::HashMap<K, V>",
            "pastd::collections::HashMap<K,V>",
        ),
        ("tt (a b c)", "tt(abc)"),
        ("meta derive(Debug)", "mderive(Debug)"),
        ("lifetime 'static", "l'static"),
        ("vis pub(crate) fn", "vpub(crate)"),
        ("vis fn", "v"),
        ("literal -1.5", "lit-1.5"),
        ("literal \"s\"", "lit\"s\""),
    ];
    for (input, expected) in cases {
        assert_eq!(run(body, input).as_deref(), Ok(expected), "{input}");
    }
    assert_eq!(run(body, "ident _"), Err(Failure::NoMatch));
    assert_eq!(run(body, "literal x"), Err(Failure::NoMatch));
}

#[test]
fn an_expression_fragment_keeps_its_precedence() {
    let out = expand(
        &rules("($e:expr) => { $e * 2 };"),
        "1 + 1".parse().expect("lexes"),
        Span::call_site(),
        &mut Budget::default(),
    )
    .expect("expands");
    let expr: syn::Expr = syn::parse2(out).expect("an expression");
    let syn::Expr::Binary(binary) = expr else {
        panic!("a product")
    };
    assert!(matches!(binary.op, syn::BinOp::Mul(_)));
}

#[test]
fn repetitions_take_their_separators() {
    let list = "($($x:expr),* $(,)?) => { [$($x;)*] };";
    assert_eq!(run(list, "").as_deref(), Ok("[]"));
    assert_eq!(run(list, "a, b, c").as_deref(), Ok("[a;b;c;]"));
    assert_eq!(run(list, "a, b,").as_deref(), Ok("[a;b;]"));
    let plus = "($($x:ident);+) => { $(fn $x() {})+ };";
    assert_eq!(run(plus, ""), Err(Failure::NoMatch));
    assert_eq!(run(plus, "f; g").as_deref(), Ok("fnf(){}fng(){}"));
    let arrow = "($($k:ident => $v:expr),*) => { $($k = $v)|* };";
    assert_eq!(run(arrow, "a => 1, b => 2").as_deref(), Ok("a=1|b=2"));
    let fat_sep = "($($x:ident)=>*) => { $($x)|* };";
    assert_eq!(run(fat_sep, "a => b => c").as_deref(), Ok("a|b|c"));
    let optional = "($(pub)? $name:ident) => { $name };";
    assert_eq!(run(optional, "pub x").as_deref(), Ok("x"));
    assert_eq!(run(optional, "x").as_deref(), Ok("x"));
}

#[test]
fn an_expression_fragment_holding_a_top_level_comma_is_bound_whole() {
    let pair = "($a:expr, $b:expr) => { ($b) ($a) };";
    assert_eq!(run(pair, "|x, y| x + y, 2").as_deref(), Ok("(2)(|x,y|x+y)"));
    assert_eq!(
        run(pair, "f::<A, B>(), g()").as_deref(),
        Ok("(g())(f::<A,B>())")
    );
    assert_eq!(
        run(pair, "x as Map<K, V>, y").as_deref(),
        Ok("(y)(xasMap<K,V>)")
    );
    let arm = "($p:pat => $e:expr; $f:expr) => { $e + $f };";
    assert_eq!(run(arm, "_ => a; b").as_deref(), Ok("a+b"));
}

#[test]
fn a_long_list_of_expressions_matches_within_the_budget() {
    // Each fragment is parsed up to the `,` that follows it; parsing the rest of the input
    // for each would spend n² / 2 steps, past the budget at a few thousand elements.
    let list = "($($x:expr),*) => { $($x;)* };";
    let input = (0..5000)
        .map(|i| format!("f({i})"))
        .collect::<Vec<_>>()
        .join(", ");
    let out = run(list, &input).expect("expands within the budget");
    assert_eq!(out.matches(';').count(), 5000);
}

#[test]
fn a_repetition_gives_back_what_the_rest_needs() {
    let body = "($($x:ident)* ; $last:ident) => { $($x)* | $last };";
    assert_eq!(run(body, "a b ; c").as_deref(), Ok("ab|c"));
    let tail = "($(a)* a b) => { ok };";
    assert_eq!(run(tail, "a a a b").as_deref(), Ok("ok"));
}

#[test]
fn nested_repetitions_write_each_level() {
    let body = "($($name:ident { $($field:ident : $ty:ty),* })*) => {
        $(struct $name { $($field: $ty),* })*
    };";
    assert_eq!(
        run(body, "A { x: u8, y: u16 } B { } C { z: Vec<u8> }").as_deref(),
        Ok("structA{x:u8,y:u16}structB{}structC{z:Vec<u8>}")
    );
    let outer_in_inner = "($t:ident : $($m:ident)*) => { $(impl $t { fn $m() {} })* };";
    assert_eq!(
        run(outer_in_inner, "T : a b").as_deref(),
        Ok("implT{fna(){}}implT{fnb(){}}")
    );
}

#[test]
fn transcription_errors_are_failures_not_panics() {
    let depth = "($($x:ident)*) => { $x };";
    assert!(matches!(run(depth, "a b"), Err(Failure::Invalid(_))));
    let lengths = "($($a:ident)* ; $($b:ident)*) => { $($a $b)* };";
    assert!(matches!(run(lengths, "a ; b c"), Err(Failure::Invalid(_))));
    assert_eq!(run(lengths, "a ; b").as_deref(), Ok("ab"));
    let unbound = "() => { $nothing };";
    assert_eq!(run(unbound, "").as_deref(), Ok("$nothing"));
}

#[test]
fn dollar_crate_is_the_defining_crate() {
    let body = "() => { $crate::inner!(); impl $crate::T for X {} };";
    assert_eq!(
        run(body, "").as_deref(),
        Ok("crate::inner!();implcrate::TforX{}")
    );
}

#[test]
fn rules_are_tried_in_order() {
    let body = "(a) => { first }; ($x:ident) => { second }; ($($t:tt)*) => { third };";
    assert_eq!(run(body, "a").as_deref(), Ok("first"));
    assert_eq!(run(body, "b").as_deref(), Ok("second"));
    assert_eq!(run(body, "1 2 3").as_deref(), Ok("third"));
}

#[test]
fn malformed_rules_are_refused() {
    for body in [
        "($x) => {};",
        "($x:nope) => {};",
        "() {}",
        "() => {} x",
        "($(a)) => {};",
    ] {
        let lexed: TokenStream = body.parse().expect("lexes");
        let tokens = owned(lexed, 64).expect("shallow");
        assert!(MacroRules::parse(&tokens).is_err(), "{body}");
    }
}

#[test]
fn the_budget_stops_exponential_and_huge_expansions() {
    // Each rule writes its input twice: 2^40 tokens if nothing stopped it. Nested
    // expansion is the visitor's; one transcription's output is bounded here.
    let double = "($($t:tt)*) => { $($t)* $($t)* };";
    let input = "x ".repeat(400_000);
    assert_eq!(
        run(double, &input),
        Err(Failure::Exceeded(Exceeded::Tokens))
    );
    let mut small = Budget::new(8, 100, 1_000_000);
    assert_eq!(
        run_with(double, &"x ".repeat(1000), &mut small),
        Err(Failure::Exceeded(Exceeded::Steps))
    );
    let mut depth = Budget::new(2, 1000, 1000);
    assert!(depth.enter().is_ok() && depth.enter().is_ok());
    assert_eq!(depth.enter(), Err(Exceeded::Depth));
}

/// Random token soup, as rules and as inputs: nothing panics, and every run ends within
/// the budget. Deterministic (a fixed xorshift seed) and bounded, so it runs in the suite.
#[test]
fn random_tokens_never_panic() {
    const WORDS: &[&str] = &[
        "$", "$x", "$y", ":", "expr", "ident", "tt", "ty", "pat", "stmt", "item", "vis", "literal",
        "lifetime", "meta", "path", "block", "$(", ")", "(", "{", "}", "[", "]", "*", "+", "?",
        ",", ";", "=>", "=", ">", "'a", "1", "\"s\"", "fn", "struct", "a", "b", "pub", "$crate",
        "::", "-", "|", "..", "_", "let", "impl", "for", "#", "!",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let soup = |len: u64, next: &mut dyn FnMut() -> u64| {
        let n = next() % len;
        (0..n)
            .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    };
    for _ in 0..3000 {
        let matcher = soup(12, &mut next);
        let body = soup(12, &mut next);
        let input = soup(16, &mut next);
        let rules_text = format!("({matcher}) => {{ {body} }};");
        let (Ok(rules), Ok(input)) = (
            rules_text.parse::<TokenStream>(),
            input.parse::<TokenStream>(),
        ) else {
            continue;
        };
        let Some(tokens) = owned(rules, 64) else {
            continue;
        };
        if let Ok(rules) = MacroRules::parse(&tokens) {
            let mut budget = Budget::new(4, 100_000, 10_000);
            let _ = expand(&rules, input, Span::call_site(), &mut budget);
        }
    }
}

fn table(files: &[(&str, &str)]) -> MacroTable {
    let splits: Vec<_> = files
        .iter()
        .map(|(_, text)| crate::syntax::split::split(text))
        .collect();
    let inputs: Vec<Input<'_>> = files
        .iter()
        .zip(&splits)
        .map(|((path, text), split)| Input {
            path,
            text: Some(text),
            split: Some(split),
        })
        .collect();
    MacroTable::collect(&inputs, &[], 64)
}

/// The definition `name!` at the first `name!(` after `marker` in file `file` means: its
/// file and the first word of its first rule's body.
fn meaning(
    table: &MacroTable,
    files: &[(&str, &str)],
    file: usize,
    marker: &str,
    path: MacroPath,
) -> Option<(usize, String)> {
    let text = files[file].1;
    let at = text.find(marker).expect("marker");
    let name = marker.split('!').next().expect("name").trim();
    let name = name.rsplit("::").next().expect("name");
    let def = table.lookup(name, path, file, at)?;
    let rules = def.rules.as_ref()?;
    Some((
        def.file,
        format!("{:?}", rules.rules.first()?.body.first()?),
    ))
}

#[test]
fn textual_scope_shadows_and_ends_with_its_block() {
    let files = [(
        "src/lib.rs",
        "macro_rules! m { () => { one } }\n\
         fn a() { m!(); }\n\
         macro_rules! m { () => { two } }\n\
         fn b() { m!(); }\n\
         mod inner { macro_rules! local { () => { three } } fn c() { local!(); } }\n\
         fn d() { local!(); }\n\
         #[macro_use] mod kept { macro_rules! kept_m { () => { four } } }\n\
         fn e() { kept_m!(); }\n\
         cfg_if! { if #[cfg(x)] { macro_rules! through { () => { five } } } }\n\
         fn f() { through!(); }\n",
    )];
    let t = table(&files);
    let word = |w: &str| Some((0, format!("Tok(Ident({w:?}))")));
    assert_eq!(
        meaning(&t, &files, 0, "m!(); }\nmacro", MacroPath::Bare),
        word("one")
    );
    assert_eq!(
        meaning(&t, &files, 0, "m!(); }\nmod", MacroPath::Bare),
        word("two")
    );
    assert_eq!(
        meaning(&t, &files, 0, "local!(); } }", MacroPath::Bare),
        word("three")
    );
    assert_eq!(
        meaning(&t, &files, 0, "local!(); }\n#", MacroPath::Bare),
        None
    );
    assert_eq!(
        meaning(&t, &files, 0, "kept_m!()", MacroPath::Bare),
        word("four")
    );
    assert_eq!(
        meaning(&t, &files, 0, "through!()", MacroPath::Bare),
        word("five")
    );
}

#[test]
fn files_below_see_a_modules_macros_and_exports_are_paths() {
    let files = [
        ("src/a/b.rs", "fn f() { up!(); crate::exported!(); crate::up!(); }"),
        ("src/a/mod.rs", "macro_rules! up { () => { from_a } }"),
        ("src/lib.rs", "#[macro_export]\n/// Docs.\nmacro_rules! exported { () => { root } }\nmacro_rules! up { () => { from_root } }"),
        ("src/other.rs", "fn g() { up!(); }"),
    ];
    let t = table(&files);
    let word = |f: usize, w: &str| Some((f, format!("Tok(Ident({w:?}))")));
    assert_eq!(
        meaning(&t, &files, 0, "up!()", MacroPath::Bare),
        word(1, "from_a")
    );
    assert_eq!(
        meaning(&t, &files, 3, "up!()", MacroPath::Bare),
        word(2, "from_root")
    );
    assert_eq!(
        meaning(&t, &files, 0, "crate::exported!()", MacroPath::CrateRoot),
        word(2, "root")
    );
    assert_eq!(
        meaning(&t, &files, 0, "crate::up!()", MacroPath::CrateRoot),
        None
    );
}
