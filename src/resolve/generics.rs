//! Generics texts as a node's details keep them (`<'a, T: Tr<A, B>, const N: usize> where
//! F: FnMut(&mut I) -> O,`), read without a parser: the parameters in order, and the traits
//! a parameter is bound by inline and in the `where` clause.

/// The names of the type and const parameters in a generics text
/// (`<'a, T: Tr<A, B>, const N: usize> where ..`), in order.
pub(super) fn generic_params(generics: &str) -> impl Iterator<Item = &str> {
    let inner = generics
        .strip_prefix('<')
        .and_then(|g| {
            let end = top_level_end(g)?;
            Some(&g[..end])
        })
        .unwrap_or("");
    top_level(inner).filter(|p| !p.starts_with('\'')).map(|p| {
        let p = p.strip_prefix("const ").unwrap_or(p);
        let end = p.find([':', '=', ' ']).unwrap_or(p.len());
        &p[..end]
    })
}

/// Where the `<..>` group that `text` is inside of closes.
fn top_level_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' if previous == '-' => {}
            '>' | ')' | ']' if depth == 0 => return Some(i),
            '>' | ')' | ']' => depth -= 1,
            _ => {}
        }
        previous = c;
    }
    None
}

/// The comma-separated items of a list at its own nesting level, trimmed.
pub(super) fn top_level(list: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut previous = ' ';
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in list.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' if previous == '-' => {}
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        previous = c;
    }
    items.push(list[start..].trim());
    items.into_iter().filter(|item| !item.is_empty())
}

/// The names of the traits `param` is bound by (`FnMut` of `F: FnMut(I) -> O`, `Stream` of
/// `where T: Stream`), inline and in the `where` clause; `?Sized` and lifetimes are no traits.
pub(super) fn param_bound_names<'g>(generics: &'g str, param: &str) -> Vec<&'g str> {
    let (params, predicates) = match generics.strip_prefix('<') {
        Some(inner) => match top_level_end(inner) {
            Some(end) => (&inner[..end], &inner[end + 1..]),
            None => ("", generics),
        },
        None => ("", generics),
    };
    let predicates = predicates.trim_start().strip_prefix("where").unwrap_or("");
    let mut names = Vec::new();
    for item in top_level(params).chain(top_level(predicates)) {
        let Some((bounded, bounds)) = item.split_once(':') else {
            continue;
        };
        if bounded.trim() != param {
            continue;
        }
        names.extend(split_bounds(bounds).filter_map(trait_name));
    }
    names
}

/// `A + B<C> + Fn(D) -> E` at its own nesting level.
fn split_bounds(bounds: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in bounds.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            '+' if depth == 0 => {
                items.push(bounds[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(bounds[start..].trim());
    items.into_iter()
}

/// A bound's trait name without path or arguments; none for `?Sized` and lifetimes.
fn trait_name(bound: &str) -> Option<&str> {
    if bound.starts_with(['?', '\'']) || bound.is_empty() {
        return None;
    }
    let bound = bound.strip_prefix("for<").map_or(bound, |rest| {
        top_level_end(rest).map_or(rest, |end| rest[end + 1..].trim_start())
    });
    let base = bound.split(['<', '(']).next().unwrap_or(bound).trim();
    Some(base.rsplit("::").next().unwrap_or(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_names_inline_and_in_where_clauses() {
        let generics = "<I, O, E, F: Clone> where F: FnMut(&mut I) -> Result<O, E>, I: Stream, ";
        assert_eq!(param_bound_names(generics, "F"), ["Clone", "FnMut"]);
        assert_eq!(param_bound_names(generics, "I"), ["Stream"]);
        assert_eq!(
            param_bound_names("<T: ?Sized + 'a + futures::Stream>", "T"),
            ["Stream"]
        );
        assert!(param_bound_names("<T>", "T").is_empty());
    }
}
