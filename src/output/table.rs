//! Tables for people: columns padded to their widest cell (rows of any length; a short row, such
//! as an empty one, leaves its last columns out).

use std::io::{self, Write};

/// Writes rows with their columns aligned, two spaces apart; a column for which
/// `right_aligned(index)` holds (the money and counts) is padded on the left.
pub fn write_aligned<W: Write, R: AsRef<[String]>>(
    rows: &[R],
    right_aligned: impl Fn(usize) -> bool,
    w: &mut W,
) -> io::Result<()> {
    let n = rows.iter().map(|r| r.as_ref().len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| rows.iter().filter_map(|r| r.as_ref().get(i)).map(|c| c.chars().count()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let mut text = String::new();
        for (i, cell) in r.as_ref().iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
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
