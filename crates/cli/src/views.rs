//! `marsad timeline` and `marsad graph`: an actor's events per period and
//! the actor network, for charts and graph tools.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use marsad_store::{Graph, GraphNode, GraphQuery, Period, Store, TimelineQuery};
use quick_xml::events::{BytesDecl, BytesText, Event};

#[derive(clap::Args)]
pub struct TimelineArgs {
    /// Actor id (`ISR` also matches `ISRMIL`).
    actor: String,
    /// A second actor: only the events between the two, either way round.
    other: Option<String>,
    /// Period length (weeks are ISO weeks).
    #[arg(long, value_enum, default_value = "month")]
    by: By,
    /// From this date (`YYYY[-MM[-DD]]`); quiet periods from here on are shown as zeros.
    #[arg(long)]
    from: Option<String>,
    /// Up to this date (`--to 2020-04` includes all of April).
    #[arg(long)]
    to: Option<String>,
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: TimelineFormat,
}

#[derive(clap::Args)]
pub struct GraphArgs {
    /// Articles published on or after this date (`YYYY[-MM[-DD]]`).
    #[arg(long)]
    from: Option<String>,
    /// Articles published on or before this date.
    #[arg(long)]
    to: Option<String>,
    /// Edges whose net weight is at least this in absolute value.
    #[arg(long, default_value_t = 0.0)]
    min_weight: f64,
    /// Only actors of this kind (`country`, `military`, `person` …).
    #[arg(long)]
    kind: Option<String>,
    /// Only the N actors with the strongest ties (summed absolute edge weight) and the edges between them.
    #[arg(long)]
    top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: GraphFormat,
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum By {
    Week,
    Month,
    Year,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TimelineFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum GraphFormat {
    Json,
    Dot,
    Graphml,
}

pub fn run_timeline(args: TimelineArgs) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let by = match args.by {
        By::Week => Period::Week,
        By::Month => Period::Month,
        By::Year => Period::Year,
    };
    let q = TimelineQuery { actor: args.actor, other: args.other, by, from: args.from, to: args.to };
    let t = store.timeline(&q)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        TimelineFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &t)?;
            writeln!(out)?;
        }
        TimelineFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            for p in &t.points {
                w.serialize(p)?;
            }
            w.flush()?;
        }
        TimelineFormat::Table => {
            writeln!(
                out,
                "{:<8}  {:>6}  {:>11}  {:>7}  {:>9}  {:>8}",
                "period", "events", "cooperative", "hostile", "goldstein", "articles"
            )?;
            for p in &t.points {
                let gold = p.goldstein.map_or_else(|| "-".to_string(), |g| format!("{g:.2}"));
                writeln!(
                    out,
                    "{:<8}  {:>6}  {:>11}  {:>7}  {gold:>9}  {:>8}",
                    p.period, p.events, p.cooperative, p.hostile, p.articles
                )?;
            }
            let events: i64 = t.points.iter().map(|p| p.events).sum();
            writeln!(out, "{events} events in {} periods", t.points.len())?;
            if t.unplaced > 0 {
                writeln!(out, "{} more dated too coarsely for these periods (or undated): not counted", t.unplaced)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_graph(args: GraphArgs) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let q = GraphQuery { from: args.from, to: args.to, min_weight: args.min_weight, kind: args.kind, top: args.top };
    let g = store.graph(&q)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        GraphFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &g)?;
            writeln!(out)?;
        }
        GraphFormat::Dot => write_dot(&mut out, &g)?,
        GraphFormat::Graphml => write_graphml(&mut out, &g)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A DOT string literal: quotes and backslashes escaped, line breaks as
/// DOT's `\n`.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A node's label: its English name (else its id), its Arabic name under it.
fn label(n: &GraphNode) -> String {
    let mut lines = vec![n.name_en.clone().unwrap_or_else(|| n.id.clone())];
    lines.extend(n.name_ar.clone());
    lines.join("\n")
}

fn colour(sign: &str) -> &'static str {
    match sign {
        "cooperative" => "forestgreen",
        "hostile" => "firebrick",
        _ => "darkorange",
    }
}

/// Graphviz: undirected (a relation has no direction), edges coloured by
/// sign, thicker the heavier, labelled with the net weight and articles.
fn write_dot(out: &mut impl Write, g: &Graph) -> Result<()> {
    let max = g.edges.iter().map(|e| e.weight.abs()).fold(0.0, f64::max);
    writeln!(out, "graph marsad {{")?;
    writeln!(out, "  node [shape=box, style=rounded];")?;
    for n in &g.nodes {
        writeln!(out, "  {} [label={}];", dot_str(&n.id), dot_str(&label(n)))?;
    }
    for e in &g.edges {
        let width = if max > 0.0 { 1.0 + 5.0 * e.weight.abs() / max } else { 1.0 };
        writeln!(
            out,
            "  {} -- {} [color={}, penwidth={width:.2}, label={}];",
            dot_str(&e.a),
            dot_str(&e.b),
            colour(&e.sign),
            dot_str(&format!("{:+} ({} article{})", e.weight, e.articles, if e.articles == 1 { "" } else { "s" }))
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
}

/// GraphML with a `<key>` for each attribute; quick-xml escapes the values.
fn write_graphml(out: &mut impl Write, g: &Graph) -> Result<()> {
    let mut w = quick_xml::Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let keys = [
        ("label", "node", "string"),
        ("name_en", "node", "string"),
        ("name_ar", "node", "string"),
        ("kind", "node", "string"),
        ("mentions", "node", "int"),
        ("weight", "edge", "double"),
        ("articles", "edge", "int"),
        ("cooperative", "edge", "int"),
        ("hostile", "edge", "int"),
        ("mixed", "edge", "int"),
        ("sign", "edge", "string"),
    ];
    w.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| {
            for (id, on, kind) in keys {
                w.create_element("key")
                    .with_attributes([("id", id), ("for", on), ("attr.name", id), ("attr.type", kind)])
                    .write_empty()?;
            }
            w.create_element("graph")
                .with_attributes([("id", "marsad"), ("edgedefault", "undirected")])
                .write_inner_content(|w| {
                    for n in &g.nodes {
                        let mentions = n.mentions.to_string();
                        let data = [
                            ("label", Some(label(n))),
                            ("name_en", n.name_en.clone()),
                            ("name_ar", n.name_ar.clone()),
                            ("kind", n.kind.clone()),
                            ("mentions", Some(mentions)),
                        ];
                        w.create_element("node").with_attribute(("id", n.id.as_str())).write_inner_content(|w| {
                            for (key, value) in &data {
                                if let Some(v) = value {
                                    w.create_element("data")
                                        .with_attribute(("key", *key))
                                        .write_text_content(BytesText::new(v))?;
                                }
                            }
                            Ok(())
                        })?;
                    }
                    for (i, e) in g.edges.iter().enumerate() {
                        let data = [
                            ("weight", e.weight.to_string()),
                            ("articles", e.articles.to_string()),
                            ("cooperative", e.cooperative.to_string()),
                            ("hostile", e.hostile.to_string()),
                            ("mixed", e.mixed.to_string()),
                            ("sign", e.sign.clone()),
                        ];
                        let id = format!("e{i}");
                        w.create_element("edge")
                            .with_attributes([("id", id.as_str()), ("source", e.a.as_str()), ("target", e.b.as_str())])
                            .write_inner_content(|w| {
                                for (key, value) in &data {
                                    w.create_element("data")
                                        .with_attribute(("key", *key))
                                        .write_text_content(BytesText::new(value))?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    w.get_mut().write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_and_backslashes() {
        assert_eq!(dot_str(r#"PER:Ahmed "Abu" \x"#), r#""PER:Ahmed \"Abu\" \\x""#);
        assert_eq!(dot_str("Israel\nإسرائيل"), r#""Israel\nإسرائيل""#);
    }
}
