//! A cell of text as every reader takes it: without the spaces around it.
//!
//! The importers of `input/` trim every cell they read; the domain types trim what they parse
//! themselves (a role word, a Teams address), so the function sits below both.

/// [`str::trim`], without its Unicode tables for the common cell that begins and ends with a
/// visible ASCII character.
pub fn trim(cell: &str) -> &str {
    match cell.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => cell,
        [only] if only.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_like_str_trim() {
        for cell in ["", " ", "a", " a", "a ", "\u{a0}a\u{a0}", "\ta b\r", "ab", "é", " é ", "\u{3000}x"] {
            assert_eq!(trim(cell), cell.trim(), "{cell:?}");
        }
    }
}
