//! `metadata.json`, Datasette's metadata for `ombuds.db`: title, source,
//! licence, a description and unit for every column, facets, the search
//! and canned queries. The words are data, in `rules/datasette.toml`
//! (embedded at build time); this module only shapes them as Datasette
//! reads them (`datasette ombuds.db -m metadata.json`).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use rusqlite::Connection;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use super::schema;

const DATASETTE_TOML: &str = include_str!("../../rules/datasette.toml");

/// The metadata's file name in the output folder.
pub const METADATA_JSON: &str = "metadata.json";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub title: String,
    pub description: String,
    pub license: String,
    pub license_url: String,
    pub source: String,
    pub source_url: String,
    pub tables: BTreeMap<String, TableSpec>,
    #[serde(default)]
    pub queries: BTreeMap<String, QuerySpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub description: String,
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSpec>,
    #[serde(default)]
    pub facets: Vec<String>,
    pub label_column: Option<String>,
    pub sort_desc: Option<String>,
    pub fts_table: Option<String>,
    pub fts_pk: Option<String>,
    pub size: Option<u32>,
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub description: String,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySpec {
    pub title: String,
    pub description: String,
    pub sql: String,
}

impl Spec {
    /// The embedded `rules/datasette.toml`.
    pub fn embedded() -> Spec {
        Spec::parse(DATASETTE_TOML).expect("rules/datasette.toml is valid (tested)")
    }

    pub fn parse(text: &str) -> Result<Spec> {
        toml::from_str(text).context("rules/datasette.toml")
    }
}

/// A column's description as Datasette shows it: the text, then its unit.
pub fn column_text(c: &ColumnSpec) -> String {
    format!("{} Unit: {}.", c.description.trim_end(), c.unit)
}

/// The tables and views of the schema with their columns in order, read
/// from SQLite itself (an in-memory database with the schema).
pub fn schema_columns() -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open_in_memory().expect("in-memory database");
    for sql in [
        schema::TABLES,
        schema::FTS,
        schema::FTS_TRIGGERS,
        schema::INDEXES,
        schema::VIEWS,
    ] {
        conn.execute_batch(sql)
            .expect("the schema is valid (tested)");
    }
    let list = |sql: &str| -> Vec<String> {
        let mut st = conn.prepare(sql).expect("valid query");
        let rows = st.query_map([], |r| r.get(0)).expect("rows");
        rows.map(|r| r.expect("a name")).collect()
    };
    list(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') \
         AND name NOT LIKE 'decisions_fts_%' ORDER BY name",
    )
    .into_iter()
    .map(|t| {
        let cols = list(&format!("SELECT name FROM pragma_table_info('{t}')"));
        (t, cols)
    })
    .collect()
}

/// Column descriptions in the table's order (Datasette lists them so;
/// serde_json's own map would sort them).
struct Columns(Vec<(String, String)>);

impl Serialize for Columns {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Table<'a> {
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<Columns>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    facets: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    label_column: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_desc: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fts_table: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fts_pk: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
}

#[derive(Serialize)]
struct Query<'a> {
    title: &'a str,
    description: &'a str,
    sql: &'a str,
}

#[derive(Serialize)]
struct Database<'a> {
    title: &'a str,
    description: &'a str,
    tables: BTreeMap<&'a str, Table<'a>>,
    queries: BTreeMap<&'a str, Query<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    title: &'a str,
    description: &'a str,
    license: &'a str,
    license_url: &'a str,
    source: &'a str,
    source_url: &'a str,
    databases: BTreeMap<&'a str, Database<'a>>,
}

/// The metadata for a database served as `database` (Datasette names a
/// database after its file: `ombuds` for `ombuds.db`), each table's columns
/// in the order `columns` gives; pretty JSON with a final newline.
pub fn to_json(spec: &Spec, database: &str, columns: &BTreeMap<String, Vec<String>>) -> Vec<u8> {
    let tables = spec
        .tables
        .iter()
        .map(|(name, t)| {
            let mut names: Vec<&String> = t.columns.keys().collect();
            if let Some(order) = columns.get(name) {
                names.sort_by_key(|c| order.iter().position(|o| o == *c).unwrap_or(usize::MAX));
            }
            let cols = Columns(
                names
                    .into_iter()
                    .map(|c| (c.clone(), column_text(&t.columns[c])))
                    .collect(),
            );
            let table = Table {
                description: &t.description,
                columns: (!cols.0.is_empty()).then_some(cols),
                facets: &t.facets,
                label_column: t.label_column.as_deref(),
                sort_desc: t.sort_desc.as_deref(),
                fts_table: t.fts_table.as_deref(),
                fts_pk: t.fts_pk.as_deref(),
                size: t.size,
                hidden: t.hidden,
            };
            (name.as_str(), table)
        })
        .collect();
    let queries = spec
        .queries
        .iter()
        .map(|(name, q)| {
            let query = Query {
                title: &q.title,
                description: &q.description,
                sql: q.sql.trim(),
            };
            (name.as_str(), query)
        })
        .collect();
    let metadata = Metadata {
        title: &spec.title,
        description: &spec.description,
        license: &spec.license,
        license_url: &spec.license_url,
        source: &spec.source,
        source_url: &spec.source_url,
        databases: BTreeMap::from([(
            database,
            Database {
                title: &spec.title,
                description: &spec.description,
                tables,
                queries,
            },
        )]),
    };
    let mut text = serde_json::to_vec_pretty(&metadata).expect("metadata serialises");
    text.push(b'\n');
    text
}

/// `metadata.json` for `ombuds.db`.
pub fn metadata_json() -> Vec<u8> {
    let stem = super::OMBUDS_DB.trim_end_matches(".db");
    to_json(&Spec::embedded(), stem, &schema_columns())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn every_column_of_the_schema_is_described_with_a_unit() {
        let spec = Spec::embedded();
        let tables = schema_columns();
        let described: Vec<&String> = spec.tables.keys().collect();
        assert_eq!(
            described,
            tables.keys().collect::<Vec<_>>(),
            "tables and views described = tables and views of the schema"
        );
        for (t, cols) in &tables {
            let s = &spec.tables[t];
            if t == "decisions_fts" {
                assert!(s.columns.is_empty() && s.hidden);
                continue;
            }
            let mut want = cols.clone();
            want.sort();
            let got: Vec<String> = s.columns.keys().cloned().collect();
            assert_eq!(got, want, "columns of {t}");
            for (c, cs) in &s.columns {
                assert!(
                    !cs.description.trim().is_empty() && !cs.unit.trim().is_empty(),
                    "{t}.{c}"
                );
            }
            for f in s.facets.iter().chain(&s.label_column).chain(&s.sort_desc) {
                assert!(cols.contains(f), "{t}: {f} is not a column");
            }
        }
    }

    #[test]
    fn money_columns_say_pounds_or_pence() {
        for (t, s) in &Spec::embedded().tables {
            for (c, cs) in &s.columns {
                if c.ends_with("_gbp") {
                    assert!(cs.unit.starts_with("pounds"), "{t}.{c}: {}", cs.unit);
                }
                if c.ends_with("_pence") {
                    assert!(cs.unit.starts_with("pence"), "{t}.{c}: {}", cs.unit);
                }
            }
        }
    }

    #[test]
    fn canned_queries_run_on_the_schema() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in [schema::TABLES, schema::FTS, schema::INDEXES, schema::VIEWS] {
            conn.execute_batch(sql).unwrap();
        }
        for (name, q) in &Spec::embedded().queries {
            conn.prepare(&q.sql)
                .unwrap_or_else(|e| panic!("query {name}: {e}"));
        }
    }

    #[test]
    fn metadata_names_the_database_its_licence_and_search() {
        let v: Value = serde_json::from_slice(&metadata_json()).unwrap();
        assert!(v["description"].as_str().unwrap().contains(
            "Contains public sector information licensed under the Open Government Licence v3.0"
        ));
        let d = &v["databases"]["ombuds"]["tables"]["decisions"];
        assert_eq!(d["fts_table"], "decisions_fts");
        assert_eq!(d["fts_pk"], "id");
        assert_eq!(
            d["facets"],
            json!([
                "outcome",
                "organisation_type",
                "category_area",
                "financial_year"
            ])
        );
        assert!(d["columns"]["remedy_total_gbp"]
            .as_str()
            .unwrap()
            .ends_with("Unit: pounds (GBP), to the penny."));
    }
}
