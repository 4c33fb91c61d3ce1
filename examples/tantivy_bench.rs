//! The same measurement as `query_bench`, answered by tantivy 0.25 instead of emcee's search,
//! for a side-by-side comparison on the same archive and commands file:
//!
//! `cargo run --release --features bench-tantivy --example tantivy_bench -- --data DIR
//! --commands FILE [--repeat N]` → one JSON line with the same keys as `query_bench`.
//!
//! The talks are indexed in RAM (title, speakers, companies, takeaways). Each command's query
//! words become, per word, an exact term query boosted 2× OR a fuzzy term query (distance 1
//! for 5–8 letters, 2 above, a transposition counted as one edit; prefix for the last word),
//! over every field with the title boosted 3×; every word is required; the top 5 are fetched
//! with their stored titles. Load is reading the posts plus building the index.

#[path = "common/report.rs"]
mod report;

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Time tantivy's answers to a file of commands; one JSON line on stdout")]
struct Args {
    #[arg(long)]
    data: PathBuf,
    #[arg(long)]
    commands: PathBuf,
    #[arg(long, default_value_t = 1)]
    repeat: u64,
}

struct Fields {
    title: Field,
    speakers: Field,
    companies: Field,
    takeaways: Field,
}

fn build(archive: &emcee::archive::Archive) -> tantivy::Result<(Index, Fields)> {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("emcee")
        .set_index_option(IndexRecordOption::WithFreqs);
    let text = TextOptions::default().set_indexing_options(indexing);
    let fields = Fields {
        title: schema.add_text_field("title", text.clone() | STORED),
        speakers: schema.add_text_field("speakers", text.clone()),
        companies: schema.add_text_field("companies", text.clone()),
        takeaways: schema.add_text_field("takeaways", text),
    };
    let index = Index::create_in_ram(schema.build());
    index.tokenizers().register(
        "emcee",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    let mut writer: IndexWriter = index.writer(200_000_000)?;
    for r in &archive.talks {
        let talk = archive.talk(*r);
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.title, &talk.title);
        for speaker in &talk.speakers {
            doc.add_text(fields.speakers, &speaker.name);
            if let Some(a) = &speaker.affiliation {
                doc.add_text(fields.companies, a);
            }
        }
        for takeaway in &talk.takeaways {
            doc.add_text(fields.takeaways, takeaway);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    Ok((index, fields))
}

/// Every word required; per word and field, exact ×2 OR fuzzy (prefix for the last word).
fn query(fields: &Fields, text: &str) -> BooleanQuery {
    let words = emcee::search::words(text);
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let distance = match word.chars().count() {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [
            (fields.title, 3.0),
            (fields.speakers, 1.0),
            (fields.companies, 1.0),
            (fields.takeaways, 1.0),
        ] {
            let term = Term::from_field_text(field, word);
            let exact: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                2.0,
            ));
            let fuzzy: Box<dyn Query> = if last {
                Box::new(FuzzyTermQuery::new_prefix(term, distance, true))
            } else {
                Box::new(FuzzyTermQuery::new(term, distance, true))
            };
            let either = BooleanQuery::new(vec![(Occur::Should, exact), (Occur::Should, fuzzy)]);
            any.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(either), boost)),
            ));
        }
        must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    BooleanQuery::new(must)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Ok(text) = std::fs::read_to_string(&args.commands) else {
        eprintln!("error: cannot read {}", args.commands.display());
        return ExitCode::from(2);
    };
    let specs = emcee::commands::specs();
    // The query text of each command, as the router parses it.
    let queries: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| emcee::router::parse(l, specs).ok())
        .filter_map(|inv| inv.options.into_iter().next().map(|(_, v)| v))
        .collect();
    let started = Instant::now();
    let corpus = match emcee::corpus::load(&args.data) {
        Ok(corpus) => corpus,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let archive = emcee::archive::Archive::new(corpus);
    let (index, fields) = match build(&archive) {
        Ok(built) => built,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let Ok(reader) = index.reader() else {
        eprintln!("error: no reader");
        return ExitCode::FAILURE;
    };
    let searcher = reader.searcher();
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    let mut micros: Vec<f64> = Vec::new();
    for _ in 0..args.repeat {
        for q in &queries {
            let start = Instant::now();
            let query = query(&fields, q);
            let top = searcher
                .search(&query, &TopDocs::with_limit(5))
                .unwrap_or_default();
            let mut titles = String::new();
            for (_, address) in top {
                if let Ok(doc) = searcher.doc::<TantivyDocument>(address)
                    && let Some(title) = doc.get_first(fields.title).and_then(|v| v.as_str())
                {
                    titles.push_str(title);
                    titles.push('\n');
                }
            }
            black_box(titles);
            micros.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    report::print_json_line(micros, load_ms);
    ExitCode::SUCCESS
}
