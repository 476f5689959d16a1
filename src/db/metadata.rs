//! `metadata.json`, Datasette's metadata for `ombuds.db`: title, source,
//! licence, a description and unit for every column, facets, the search
//! and canned queries. The words are data, in `rules/datasette.toml`
//! (embedded at build time); this module only shapes them as Datasette
//! reads them (`datasette ombuds.db -m metadata.json`).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::{json, Map, Value};

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

/// The metadata for a database served as `database` (Datasette names a
/// database after its file: `ombuds` for `ombuds.db`).
pub fn to_json(spec: &Spec, database: &str) -> Value {
    let mut tables = Map::new();
    for (name, t) in &spec.tables {
        let mut m = Map::new();
        m.insert("description".into(), json!(t.description));
        if !t.columns.is_empty() {
            let cols: Map<String, Value> = t
                .columns
                .iter()
                .map(|(c, s)| (c.clone(), json!(column_text(s))))
                .collect();
            m.insert("columns".into(), Value::Object(cols));
        }
        if !t.facets.is_empty() {
            m.insert("facets".into(), json!(t.facets));
        }
        let opt = |m: &mut Map<String, Value>, k: &str, v: &Option<String>| {
            if let Some(v) = v {
                m.insert(k.into(), json!(v));
            }
        };
        opt(&mut m, "label_column", &t.label_column);
        opt(&mut m, "sort_desc", &t.sort_desc);
        opt(&mut m, "fts_table", &t.fts_table);
        opt(&mut m, "fts_pk", &t.fts_pk);
        if let Some(size) = t.size {
            m.insert("size".into(), json!(size));
        }
        if t.hidden {
            m.insert("hidden".into(), json!(true));
        }
        tables.insert(name.clone(), Value::Object(m));
    }
    let queries: Map<String, Value> = spec
        .queries
        .iter()
        .map(|(name, q)| {
            (
                name.clone(),
                json!({ "title": q.title, "description": q.description, "sql": q.sql.trim() }),
            )
        })
        .collect();
    json!({
        "title": spec.title,
        "description": spec.description,
        "license": spec.license,
        "license_url": spec.license_url,
        "source": spec.source,
        "source_url": spec.source_url,
        "databases": {
            database: {
                "title": spec.title,
                "description": spec.description,
                "tables": tables,
                "queries": queries,
            }
        }
    })
}

/// `metadata.json` for `ombuds.db`, pretty-printed with a final newline.
pub fn metadata_json() -> Vec<u8> {
    let stem = super::OMBUDS_DB.trim_end_matches(".db");
    let mut text =
        serde_json::to_vec_pretty(&to_json(&Spec::embedded(), stem)).expect("metadata serialises");
    text.push(b'\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::schema;
    use rusqlite::Connection;

    fn schema_columns() -> BTreeMap<String, Vec<String>> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(schema::TABLES).unwrap();
        conn.execute_batch(schema::FTS).unwrap();
        conn.execute_batch(schema::FTS_TRIGGERS).unwrap();
        conn.execute_batch(schema::INDEXES).unwrap();
        conn.execute_batch(schema::VIEWS).unwrap();
        let names: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') \
                 AND name NOT LIKE 'decisions_fts_%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
            .into_iter()
            .map(|t| {
                let cols = conn
                    .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                    .unwrap()
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                (t, cols)
            })
            .collect()
    }

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
