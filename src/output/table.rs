//! Tables for people: columns padded to their widest cell.

use std::io::{self, Write};

/// Writes rows with their columns aligned, two spaces apart; a column for which
/// `right_aligned(index)` holds (the money and counts) is padded on the left.
pub fn write_aligned<W: Write, const N: usize>(
    rows: &[[String; N]],
    right_aligned: impl Fn(usize) -> bool,
    w: &mut W,
) -> io::Result<()> {
    let widths: Vec<usize> = (0..N).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    for r in rows {
        let mut text = String::new();
        for (i, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if right_aligned(i) {
                text.push_str(&pad);
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&pad);
            }
            text.push_str("  ");
        }
        writeln!(w, "{}", text.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_left_numbers_right() {
        let rows = [["id".to_string(), "eur".to_string()], ["004512".to_string(), "5.00".to_string()]];
        let mut out = Vec::new();
        write_aligned(&rows, |i| i == 1, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "id       eur\n004512  5.00\n");
    }
}
