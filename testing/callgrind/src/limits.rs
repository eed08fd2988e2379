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

/// Which side of a [`Limit`]'s value a figure must stay on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The figure must be at least the limit (a share of native's speed).
    AtLeast,
    /// The figure must be at most the limit (a ratio or an excess over a reference).
    AtMost,
}

/// Checks measured figures against the budget file at `path` (see [`parse_limits`]):
/// `figure` gives the figure of a limit's row and column (`None`: not measured) and `show`
/// describes it for the report. Returns a report line per limit.
///
/// # Errors
/// The file cannot be read or parsed (naming the line), a limit names a figure that was not
/// measured, or some figures break their limits (all of them named, each with its figure).
pub fn check_budget(
    path: &Path,
    (rows, columns): (&[&str], &[&str]),
    bound: Bound,
    figure: impl Fn(&Limit) -> Option<f64>,
    show: impl Fn(f64, &Limit) -> String,
) -> Result<String, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("--budget {}: {e}", path.display()))?;
    let mut report = String::new();
    let mut broken = Vec::new();
    for limit in parse_limits(&text, path, rows, columns)? {
        let measured = figure(&limit).ok_or_else(|| {
            format!(
                "{}:{}: {} × {} was not counted",
                path.display(),
                limit.line,
                limit.row,
                limit.column
            )
        })?;
        let ok = match bound {
            Bound::AtLeast => measured >= limit.value,
            Bound::AtMost => measured <= limit.value,
        };
        let line = format!(
            "{}: {} × {}: {}",
            if ok { "ok" } else { "OVER BUDGET" },
            limit.row,
            limit.column,
            show(measured, &limit)
        );
        report.push_str("  ");
        report.push_str(&line);
        report.push('\n');
        if !ok {
            broken.push(line);
        }
    }
    if broken.is_empty() {
        Ok(report)
    } else {
        Err(format!(
            "over the budget of {}:\n  {}",
            path.display(),
            broken.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_checked_on_their_side_and_all_broken_limits_named() {
        let path = std::env::temp_dir().join(format!("callgrind-budget-{}", std::process::id()));
        std::fs::write(&path, "a x 80\nb x 90\n").expect("budget file");
        let names: (&[&str], &[&str]) = (&["a", "b", "c"], &["x"]);
        let figure = |at: f64, bt: f64| {
            move |l: &Limit| match l.row.as_str() {
                "a" => Some(at),
                "b" => Some(bt),
                _ => None,
            }
        };
        let show = |f: f64, l: &Limit| format!("{f}, limit {}", l.value);
        let report = check_budget(&path, names, Bound::AtLeast, figure(80.0, 95.0), show)
            .expect("both at least their limit");
        assert_eq!(
            report,
            "  ok: a × x: 80, limit 80\n  ok: b × x: 95, limit 90\n"
        );
        let error = check_budget(&path, names, Bound::AtMost, figure(81.0, 95.0), show)
            .expect_err("both over");
        assert!(error.contains("OVER BUDGET: a × x: 81"), "{error}");
        assert!(error.contains("OVER BUDGET: b × x: 95"), "{error}");
        std::fs::write(&path, "c x 1\n").expect("budget file");
        let error = check_budget(&path, names, Bound::AtMost, figure(0.0, 0.0), show)
            .expect_err("c is not measured");
        assert!(error.ends_with(":1: c × x was not counted"), "{error}");
        let _ = std::fs::remove_file(&path);
    }

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
