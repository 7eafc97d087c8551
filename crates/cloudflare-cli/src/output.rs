//! Rendering results: a table for people, JSON / JSON Lines / CSV for scripts.
//!
//! JSON is the SDK's model types serialized as they are (the API's shape); the table and CSV
//! show the columns each command picks.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{CliError, Result};

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table (the default when stdout is a terminal).
    Table,
    /// One JSON document: an array for listings, an object otherwise (the default otherwise).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row, the table's columns.
    Csv,
}

impl Format {
    /// The format asked for, or the default for where stdout goes.
    pub fn resolve(asked: Option<Format>) -> Format {
        asked.unwrap_or_else(|| {
            if std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            }
        })
    }
}

/// A table or CSV column: its header and how to read it from an item.
pub type Column<T> = (&'static str, fn(&T) -> String);

/// Prints a listing in `format`.
pub fn print_list<T: Serialize>(format: Format, items: &[T], columns: &[Column<T>]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    stdout_result(write_list(&mut out, format, items, columns))
}

/// A write to stdout: a closed pipe (`cfacct ... | head`) is not a failure.
pub fn stdout_result(written: std::io::Result<()>) -> Result<()> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::io("writing to stdout", e))
        }
        _ => Ok(()),
    }
}

/// Prints one object in `format` (JSON: the object itself, not an array).
pub fn print_one<T: Serialize>(format: Format, item: &T, columns: &[Column<T>]) -> Result<()> {
    if format == Format::Json {
        let mut out = std::io::stdout().lock();
        return stdout_result(write_json(&mut out, item));
    }
    print_list(format, std::slice::from_ref(item), columns)
}

/// Writes a listing in `format` to `out`.
pub fn write_list<T: Serialize>(
    out: &mut impl Write,
    format: Format,
    items: &[T],
    columns: &[Column<T>],
) -> std::io::Result<()> {
    match format {
        Format::Json => write_json(out, &items),
        Format::Jsonl => {
            for item in items {
                serde_json::to_writer(&mut *out, item)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(columns.iter().map(|(name, _)| *name))?;
            for item in items {
                csv.write_record(columns.iter().map(|(_, get)| get(item)))?;
            }
            csv.flush()
        }
        Format::Table => {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(columns.iter().map(|(name, _)| *name));
            for item in items {
                table.add_row(columns.iter().map(|(_, get)| get(item)));
            }
            writeln!(out, "{table}")?;
            if items.is_empty() {
                writeln!(out, "(none)")?;
            }
            Ok(())
        }
    }
}

fn write_json<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// An optional string for a cell (`-` when absent).
pub fn opt(value: Option<&str>) -> String {
    value.unwrap_or("-").to_owned()
}

/// An optional timestamp for a cell, as the API wrote it.
pub fn time(value: Option<&cloudflare_hyper::Timestamp>) -> String {
    opt(value.map(|t| t.as_str()))
}

/// Joins strings for one cell.
pub fn join<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let joined: Vec<&str> = values.into_iter().collect();
    if joined.is_empty() {
        "-".to_owned()
    } else {
        joined.join(", ")
    }
}
