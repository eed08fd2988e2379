//! Budget files: the limits CI holds instruction counts to, a line per measured cell.

use std::path::Path;

/// One line of a budget file: `ROW COLUMN NUMBER` (a workload or operation, a configuration
/// or contender, and the bound its count must keep).
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// The first field: the table's row (a workload, an operation).
    pub row: String,
    /// The second field: the table's column (a configuration, a contender).
    pub column: String,
    /// The bound, finite and not negative; what it bounds is the caller's.
    pub value: f64,
    /// The line's number in the file, from 1, for messages.
    pub line: usize,
}

/// Reads a budget file's text: a [`Limit`] a line, `#` comments and blank lines skipped. Rows
/// and columns must be among `rows` and `columns`.
///
/// ```
/// use std::path::Path;
///
/// let text = "# get: FfiMap over its backend\nget5-10 ffi-hashbrown 1.15\n";
/// let limits = callgrind::parse_limits(text, Path::new("budget"), &["get5-10"], &["ffi-hashbrown"])?;
/// assert_eq!(limits[0].value, 1.15);
/// assert_eq!(limits[0].line, 2);
/// # Ok::<(), String>(())
/// ```
///
/// # Errors
/// The first bad line, named `path:line`: not three fields, an unknown row or column, or a
/// bound that is not a finite number from 0.
pub fn parse_limits(
    text: &str,
    path: &Path,
    rows: &[&str],
    columns: &[&str],
) -> Result<Vec<Limit>, String> {
    let mut limits = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let at = || format!("{}:{}", path.display(), index + 1);
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [row, column, bound] = fields[..] else {
            return Err(format!(
                "{}: expected `ROW COLUMN NUMBER`, found {line:?}",
                at()
            ));
        };
        if !rows.contains(&row) {
            return Err(format!(
                "{}: unknown `{row}` (one of: {})",
                at(),
                rows.join(", ")
            ));
        }
        if !columns.contains(&column) {
            return Err(format!(
                "{}: unknown `{column}` (one of: {})",
                at(),
                columns.join(", ")
            ));
        }
        let value = bound
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("{}: `{bound}` is not a number from 0", at()))?;
        limits.push(Limit {
            row: row.to_owned(),
            column: column.to_owned(),
            value,
            line: index + 1,
        });
    }
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_named_with_their_number() {
        let path = Path::new("budget");
        let parse = |text| parse_limits(text, path, &["a", "b"], &["x"]);
        assert_eq!(parse("# c\n\na x 1.5 # why\n").map(|l| l.len()), Ok(1));
        for (text, expected) in [
            ("a x\n", "budget:1: expected `ROW COLUMN NUMBER`"),
            ("\nc x 1\n", "budget:2: unknown `c` (one of: a, b)"),
            ("a y 1\n", "unknown `y` (one of: x)"),
            ("a x lots\n", "`lots` is not a number"),
            ("a x NaN\n", "`NaN` is not a number"),
            ("a x -1\n", "`-1` is not a number"),
            ("a x inf\n", "`inf` is not a number"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.contains(expected), "{error}");
        }
    }
}
