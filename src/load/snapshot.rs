//! Snapshots: a whole loaded graph in one binary file (`dealgraph index DATA... -o world.dgx`),
//! read back in one pass without parsing or checking its data again. A snapshot records the
//! files it was made from (path, size, modification time) and the program that made it, and
//! ends with a checksum: a snapshot older than its data, made by another version, or damaged
//! is refused with a message that says how to make it again, never read as a wrong graph.
//!
//! The layout is columnar: the fields every entity and relation has (ids, names, kinds, ends,
//! types, statuses, dates, sources) are packed arrays; what only some have (an entity's
//! aliases, identifiers, facts; a relation's amount, round, note...) is kept in serde's form of
//! the model's own types, so that a field added to the model is carried without a change here.
//!
//! A fresh load is kept in memory in the same layout (`pack`): its graph reads its records
//! as a snapshot's graph does, and `index` writes them as they are.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use petgraph::graph::DiGraph;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::graph::adjacency::Slot;
use crate::graph::{Adjacency, EntityIx, Graph, KeyTable, NameIndex, Store};
use crate::model::{
    Entity, EntityKind, Relation, RelationDetails, RelationType, Source, SourceRef, Sources, Status,
};

use super::native::{Dataset, Ends, RelationRecord};

/// The first bytes of every snapshot. The first is not ASCII and none is zero, so that no
/// text file starts so.
pub const MAGIC: &[u8; 8] = b"\x89DGSNAP\n";

/// The version of the layout; a snapshot of another layout is refused.
pub const FORMAT_VERSION: u32 = 2;

/// The program's version, which a snapshot must match.
const PROGRAM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The file extension people give snapshots (the content, not the name, tells them apart).
pub const EXTENSION: &str = "dgx";

/// What a graph was loaded from: the bundled dataset or not, and the files and folders given,
/// in order. A snapshot records it, so that it can tell when its data changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Whether the bundled dataset is part of the graph.
    pub bundled: bool,
    /// The files and folders read, in order, as given.
    pub paths: Vec<PathBuf>,
    /// The FollowTheMoney mapping the CSV files among them were read through (`--mapping`).
    #[serde(default)]
    pub mapping: Option<PathBuf>,
}

impl Origin {
    /// The command that makes a snapshot of this data at `output` again. With a mapping, the
    /// files are given with `--data`, as `--mapping` needs its tables at start-up.
    pub fn command(&self, output: &Path) -> String {
        let mut words = vec!["dealgraph".to_string()];
        if !self.bundled {
            words.push("--no-default-data".into());
        }
        let paths = self
            .paths
            .iter()
            .map(|path| quoted(&path.display().to_string()));
        match &self.mapping {
            Some(mapping) => {
                words.push("--mapping".into());
                words.push(quoted(&mapping.display().to_string()));
                for path in paths {
                    words.push("--data".into());
                    words.push(path);
                }
                words.push("index".into());
            }
            None => {
                words.push("index".into());
                words.extend(paths);
            }
        }
        words.push("-o".into());
        words.push(quoted(&output.display().to_string()));
        words.join(" ")
    }
}

/// A word as a shell reads it back.
fn quoted(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| word.to_string(), |q| q.into_owned())
}

/// One data file as it was when the snapshot was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    /// The file, absolute.
    path: PathBuf,
    /// Its size in bytes.
    size: u64,
    /// Its modification time, in nanoseconds since 1970.
    modified: u128,
}

/// A folder read, with the data files found under it.
type Folder = (PathBuf, Vec<PathBuf>);

/// What a snapshot says of itself, before its data.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    /// What it was made from.
    origin: Origin,
    /// The checksum of the bundled dataset it holds, when it holds it.
    bundled_crc: Option<u32>,
    /// Every data file read, as it was.
    files: Vec<Stamp>,
    /// The data files under each folder read, which must still be the same files.
    folders: Vec<Folder>,
    /// How many entities and relations it holds.
    entities: u64,
    relations: u64,
}

/// A snapshot written: where, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// How many entities it holds.
    pub entities: usize,
    /// How many relations it holds.
    pub relations: usize,
    /// How many sources it holds.
    pub sources: usize,
    /// How many data files it was made from (besides the bundled dataset).
    pub files: usize,
    /// Its size in bytes.
    pub bytes: usize,
}

/// Whether the file at `path` is a snapshot (by its first bytes, whatever its name).
pub fn is_snapshot(path: &Path) -> bool {
    use std::io::Read;
    if !path.is_file() {
        return false;
    }
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == MAGIC)
}

fn bundled_crc() -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for (name, text) in super::BUNDLED {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.finalize()
}

/// The snapshot of a graph loaded from `origin`, as bytes to write.
pub fn encode(graph: &Graph, origin: &Origin) -> Result<(Vec<u8>, Summary), Error> {
    let (files, folders) = stamps(origin)?;
    let header = Header {
        origin: origin.clone(),
        bundled_crc: origin.bundled.then(bundled_crc),
        files,
        folders,
        entities: graph.entity_count() as u64,
        relations: graph.relation_count() as u64,
    };
    let mut w = Vec::with_capacity(64 + graph.relation_count() * 16);
    w.extend_from_slice(MAGIC);
    put_u32(&mut w, FORMAT_VERSION);
    put_bytes(&mut w, PROGRAM_VERSION.as_bytes());
    put_bytes(&mut w, &json(&header)?);
    let sources: Vec<&Source> = graph.sources().values().collect();
    put_bytes(&mut w, &json(&sources)?);
    match graph.packed_records() {
        // A load not changed since: its records are already in this layout.
        Some(records) => w.extend_from_slice(records),
        None => {
            entities(&mut w, graph.entities().map(|(_, e)| e))?;
            let tail = relations(
                &mut w,
                graph.relation_count(),
                graph
                    .relations()
                    .map(|r| (r.from.index() as u32, r.to.index() as u32, r.relation)),
            )?;
            w.extend_from_slice(&tail);
        }
    }
    indexes(&mut w, graph)?;
    let crc = crc32fast::hash(&w);
    put_u32(&mut w, crc);
    let summary = Summary {
        entities: graph.entity_count(),
        relations: graph.relation_count(),
        sources: sources.len(),
        files: header.files.len(),
        bytes: w.len(),
    };
    Ok((w, summary))
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::Usage(format!("cannot write the snapshot: {e}")))
}

/// The files and folders of `origin` as they are now: each data file, the mapping given with
/// `--mapping`, and the CSV tables each mapping reads (its `csv_url`s), so that a changed
/// table makes the snapshot stale as a changed data file does.
fn stamps(origin: &Origin) -> Result<(Vec<Stamp>, Vec<Folder>), Error> {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    let add = |file: &Path, files: &mut Vec<Stamp>| -> Result<(), Error> {
        files.push(stamp(file)?);
        for table in mapping_tables(file) {
            files.push(stamp(&table)?);
        }
        Ok(())
    };
    if let Some(mapping) = &origin.mapping {
        let absolute = std::path::absolute(mapping)
            .map_err(|e| Error::io(format!("cannot find {}", mapping.display()), e))?;
        files.push(stamp(&absolute)?);
    }
    for path in &origin.paths {
        let absolute = std::path::absolute(path)
            .map_err(|e| Error::io(format!("cannot find {}", path.display()), e))?;
        if absolute.is_dir() {
            let mut found = Vec::new();
            super::read::data_files(&absolute, &mut found)
                .map_err(|e| Error::io(format!("cannot read the folder {}", path.display()), e))?;
            for file in &found {
                add(file, &mut files)?;
            }
            folders.push((absolute, found));
        } else {
            add(&absolute, &mut files)?;
        }
    }
    Ok((files, folders))
}

/// The local CSV files a FollowTheMoney mapping at `file` reads (its `csv_url`s, relative to
/// its folder); none when `file` is not a mapping. The mapping was read without a problem
/// just before, so what cannot be read here is not a table it read.
fn mapping_tables(file: &Path) -> Vec<PathBuf> {
    if super::format::by_extension(file) != Some(super::format::Extension::Mapping) {
        return Vec::new();
    }
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let (mapping, _) = super::mapping::parse(&file.display().to_string(), &text);
    let mut tables: Vec<PathBuf> = mapping
        .queries
        .iter()
        .flat_map(|query| &query.tables)
        .map(|url| url.text.strip_prefix("file://").unwrap_or(&url.text))
        .filter(|url| !url.contains("://"))
        .map(|url| folder.join(url))
        .collect();
    tables.sort();
    tables.dedup();
    tables
}

fn stamp(path: &Path) -> Result<Stamp, Error> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    Ok(Stamp {
        path: path.to_path_buf(),
        size: meta.len(),
        modified: modified(&meta),
    })
}

fn modified(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

fn put_u32(w: &mut Vec<u8>, n: u32) {
    w.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(w: &mut Vec<u8>, n: u64) {
    w.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(w: &mut Vec<u8>, bytes: &[u8]) {
    put_u64(w, bytes.len() as u64);
    w.extend_from_slice(bytes);
}

fn put_u32s(w: &mut Vec<u8>, values: impl IntoIterator<Item = u32>) {
    for v in values {
        put_u32(w, v);
    }
}

/// Strings one after another, with where each ends.
#[derive(Default)]
struct Arena {
    ends: Vec<u64>,
    text: Vec<u8>,
}

impl Arena {
    fn push(&mut self, s: &[u8]) {
        self.text.extend_from_slice(s);
        self.ends.push(self.text.len() as u64);
    }

    /// How many bytes [`Arena::write`] writes.
    fn size(&self) -> usize {
        8 + self.ends.len() * 8 + 8 + self.text.len()
    }

    fn write(&self, w: &mut Vec<u8>) {
        put_u64(w, self.ends.len() as u64);
        for &end in &self.ends {
            put_u64(w, end);
        }
        put_bytes(w, &self.text);
    }
}

/// Entities: kinds, ids and names packed; the whole entity in serde's form when it has more
/// than those three (so that every field, present or future, is kept).
fn entities<'e>(w: &mut Vec<u8>, all: impl Iterator<Item = &'e Entity>) -> Result<(), Error> {
    let mut kinds = Vec::with_capacity(all.size_hint().0);
    let mut ids = Arena::default();
    let mut names = Arena::default();
    let mut more = Arena::default();
    let mut which = Vec::new();
    for (ix, e) in all.enumerate() {
        kinds.push(e.kind as u8);
        ids.push(e.id.as_bytes());
        names.push(e.name.as_bytes());
        if !e.is_bare() {
            which.push(ix as u32);
            more.push(&json(e)?);
        }
    }
    put_bytes(w, &kinds);
    ids.write(w);
    names.write(w);
    put_u64(w, which.len() as u64);
    put_u32s(w, which);
    more.write(w);
    Ok(())
}

/// Flags of a relation: which dates it has, and whether it has details.
const DATE: u8 = 1;
const START: u8 = 2;
const END: u8 = 4;
const DETAILS: u8 = 8;

/// Relations: ends, type, status, flags and source list packed; dates as text, details in
/// serde's form, both only for the relations that have them. `all` yields exactly `m`
/// relations. The fixed-size columns are written to `w` in place, so that packing a registry's
/// millions of relations holds no copy of them; the rest (the source lists, dates and
/// details) is returned, to be written after them.
fn relations<'r>(
    w: &mut Vec<u8>,
    m: usize,
    all: impl Iterator<Item = (u32, u32, &'r Relation)>,
) -> Result<Vec<u8>, Error> {
    let mut lists: foldhash::HashMap<&Sources, u32> = foldhash::HashMap::default();
    let mut list_order: Vec<&[SourceRef]> = Vec::new();
    let mut dates = Arena::default();
    let mut details = Arena::default();
    put_u64(w, m as u64);
    let start = w.len();
    // from, to, codes (with their length), flags (with their length), lists.
    w.resize(start + m * 4 + m * 4 + 8 + m * 2 + 8 + m + m * 4, 0);
    let columns = &mut w[start..];
    let (from, rest) = columns.split_at_mut(m * 4);
    let (to, rest) = rest.split_at_mut(m * 4);
    let (codes_len, rest) = rest.split_at_mut(8);
    let (codes, rest) = rest.split_at_mut(m * 2);
    let (flags_len, rest) = rest.split_at_mut(8);
    let (flags, list_of) = rest.split_at_mut(m);
    codes_len.copy_from_slice(&(m as u64 * 2).to_le_bytes());
    flags_len.copy_from_slice(&(m as u64).to_le_bytes());
    let mut count = 0;
    for (i, (at, end, rel)) in all.enumerate() {
        if i >= m {
            return Err(cannot_pack());
        }
        count += 1;
        from[4 * i..4 * i + 4].copy_from_slice(&at.to_le_bytes());
        to[4 * i..4 * i + 4].copy_from_slice(&end.to_le_bytes());
        codes[2 * i..2 * i + 2].copy_from_slice(&[rel.kind as u8, rel.status as u8]);
        let mut f = 0;
        for (bit, date) in [(DATE, &rel.date), (START, &rel.start), (END, &rel.end)] {
            if let Some(date) = date {
                f |= bit;
                dates.push(date.to_string().as_bytes());
            }
        }
        if *rel.details() != RelationDetails::default() {
            f |= DETAILS;
            details.push(&json(rel.details())?);
        }
        flags[i] = f;
        let next = list_order.len() as u32;
        let list = *lists.entry(&rel.sources).or_insert_with(|| {
            list_order.push(&rel.sources[..]);
            next
        });
        list_of[4 * i..4 * i + 4].copy_from_slice(&list.to_le_bytes());
    }
    if count != m {
        return Err(cannot_pack());
    }
    let table = json(&list_order)?;
    let mut tail = Vec::with_capacity(8 + table.len() + dates.size() + details.size());
    put_bytes(&mut tail, &table);
    dates.write(&mut tail);
    details.write(&mut tail);
    Ok(tail)
}

/// The graph's indexes as they are in memory, so that reading builds none: its entities in
/// id order, its name and identifier tables, its adjacency.
fn indexes(w: &mut Vec<u8>, graph: &Graph) -> Result<(), Error> {
    let order = graph.id_order();
    put_u64(w, order.len() as u64);
    put_u32s(w, order);
    let too_large =
        || Error::Usage("the names of the graph pass 4 GiB: too large for a snapshot".into());
    let (names, identifiers) = graph.names().tables().ok_or_else(too_large)?;
    for table in [&names, &identifiers] {
        let (text, key_ends, entities, entity_ends) = table.parts();
        put_bytes(w, text.as_bytes());
        put_u64(w, key_ends.len() as u64);
        put_u32s(w, key_ends.iter().copied());
        put_u64(w, entities.len() as u64);
        put_u32s(w, entities);
        put_u32s(w, entity_ends.iter().copied());
    }
    let (rows, kinds) = graph.adjacency().parts();
    for (offsets, slots, codes) in rows {
        put_u64(w, offsets.len() as u64);
        put_u32s(w, offsets.iter().copied());
        put_u64(w, slots.len() as u64);
        put_u32s(w, slots.iter().flat_map(|s| [s.entity, s.relation]));
        put_bytes(w, codes);
    }
    put_bytes(w, kinds);
    put_u32s(w, graph.name_places().iter().copied());
    Ok(())
}

/// Why a snapshot cannot be read, said of its file with what to do.
fn refused(shown: &str, why: impl std::fmt::Display, again: &str) -> Error {
    Error::Data(vec![Diagnostic {
        location: None,
        message: format!("{shown}: {why}; {again}"),
    }])
}

/// A snapshot's bytes checked: its magic, version and checksum, its header read.
struct Checked<'a> {
    header: Header,
    body: Reader<'a>,
}

const AGAIN: &str = "make it again from its data with `dealgraph index DATA... -o FILE`";

/// What is wrong with a snapshot whose checksum holds but whose records do not.
const DOES_NOT_HOLD: &str =
    "the snapshot does not hold what it says (written by a faulty program?)";

fn check<'a>(shown: &str, bytes: &'a [u8]) -> Result<Checked<'a>, Error> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(refused(shown, "not a dealgraph snapshot", AGAIN));
    }
    let damaged = || {
        refused(
            shown,
            "the snapshot is damaged (cut short or changed since it was written)",
            AGAIN,
        )
    };
    let mut r = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let format = r.u32().map_err(|_| damaged())?;
    let version = r
        .bytes()
        .ok()
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("an unknown version");
    if format != FORMAT_VERSION || version != PROGRAM_VERSION {
        return Err(refused(
            shown,
            format!(
                "the snapshot was made by dealgraph {version} (snapshot format {format}), and \
                 this is dealgraph {PROGRAM_VERSION} (format {FORMAT_VERSION})"
            ),
            AGAIN,
        ));
    }
    let Some((body, sum)) = bytes.split_last_chunk::<4>() else {
        return Err(damaged());
    };
    if body.len() < r.at || checksum(body, shown) != u32::from_le_bytes(*sum) {
        return Err(damaged());
    }
    let mut r = Reader {
        bytes: body,
        at: r.at,
    };
    let header: Header = r
        .bytes()
        .ok()
        .and_then(|b| serde_json::from_slice(b).ok())
        .ok_or_else(damaged)?;
    Ok(Checked { header, body: r })
}

/// Refuses a snapshot whose data changed since it was made (or whose program's bundled data
/// differs).
fn fresh(shown: &str, header: &Header) -> Result<(), Error> {
    let again = format!(
        "make it again with `{}`",
        header.origin.command(Path::new(shown))
    );
    let stale = |why: String| refused(shown, format!("the snapshot is out of date: {why}"), &again);
    if header.origin.bundled && header.bundled_crc != Some(bundled_crc()) {
        return Err(stale("the bundled dataset changed".into()));
    }
    for (folder, files) in &header.folders {
        let mut now = Vec::new();
        if super::read::data_files(folder, &mut now).is_err() || &now != files {
            return Err(stale(format!(
                "the data files in {} changed",
                folder.display()
            )));
        }
    }
    for file in &header.files {
        match std::fs::metadata(&file.path) {
            Err(_) => {
                return Err(stale(format!("{} is gone", file.path.display())));
            }
            Ok(meta) if meta.len() != file.size || modified(&meta) != file.modified => {
                return Err(stale(format!(
                    "{} changed after it was made",
                    file.path.display()
                )));
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Maps a snapshot file into memory: its pages are read from the file as they are touched
/// (the checksum touches each once), never copied.
fn read(path: &Path) -> Result<memmap2::Mmap, Error> {
    let shown = path.display().to_string();
    let cannot = |e| Error::io(format!("cannot read {shown}"), e);
    let file = std::fs::File::open(path).map_err(cannot)?;
    // SAFETY: the map is only read. `index` replaces a snapshot by renaming a new file over
    // it, which leaves this map on the old file; only a program that cut the file short in
    // place while it is read could make reading the map fail.
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }.map_err(cannot)
}

/// The checksum of a snapshot's bytes, with a progress bar on a terminal when they are many.
fn checksum(bytes: &[u8], shown: &str) -> u32 {
    let progress = super::read::progress_bar(bytes.len() as u64, shown);
    let mut hasher = crc32fast::Hasher::new();
    for chunk in bytes.chunks(1 << 24) {
        hasher.update(chunk);
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    hasher.finalize()
}

/// The graph a snapshot holds, with what it was made from, after checking that it is whole,
/// of this version and not older than its data. Its entities and relations stay in the
/// snapshot's bytes and are read as queries ask for them ([`crate::graph::Store`]); its
/// indexes are read now.
pub fn restore(path: &Path) -> Result<(Graph, Origin), Error> {
    let shown = path.display().to_string();
    let bytes = read(path)?;
    let damaged = || refused(&shown, DOES_NOT_HOLD, AGAIN);
    let (header, sources, spans, indexes) = {
        let Checked { header, mut body } = check(&shown, &bytes)?;
        fresh(&shown, &header)?;
        let (sources, entity_part, relation_part, index_part) =
            parts(&mut body).map_err(|_| damaged())?;
        let (n, m) = (entity_part.kinds.len(), relation_part.flags.len());
        holds_what_it_says(&header, n, m).map_err(|_| damaged())?;
        // The indexes are copied out beside the checks of the entities and relations.
        let (spans, indexes) = std::thread::scope(|scope| {
            let indexes = scope.spawn(|| index_part.decode(n, m));
            let spans = Spans::of(&bytes, &entity_part, &relation_part);
            (spans, indexes.join().unwrap_or(Err(Bad)))
        });
        (header, sources, spans, indexes)
    };
    let (spans, indexes) = (
        spans.map_err(|_| damaged())?,
        indexes.map_err(|_| damaged())?,
    );
    let sources = sources.into_iter().map(|s| (s.id.clone(), s)).collect();
    let Indexes {
        id_order,
        names,
        adjacency,
    } = indexes;
    let store = Stored {
        bytes: Bytes::Mapped(bytes),
        spans,
        damaged: AtomicBool::new(false),
        shown: shown.clone(),
    };
    let graph = Graph::from_store(Arc::new(store), sources, id_order, names, adjacency)
        .ok_or_else(damaged)?;
    Ok((graph, header.origin))
}

/// A fresh load's relations, packed as a snapshot packs them, before its entities are: so
/// that the records of the relations, a registry's largest part, are let go before the
/// entities are packed and their names indexed.
pub(crate) struct PackedRelations {
    columns: Vec<u8>,
    tail: Vec<u8>,
}

impl PackedRelations {
    /// Packs `m` relations, each with its ends as places among the entities.
    pub(crate) fn of<'a>(
        m: usize,
        all: impl Iterator<Item = (u32, u32, &'a Relation)>,
    ) -> Result<PackedRelations, Error> {
        let mut columns = Vec::new();
        let tail = relations(&mut columns, m, all)?;
        Ok(PackedRelations { columns, tail })
    }
}

/// A fresh load being packed in memory as a snapshot packs it, so that its graph reads its
/// records as a snapshot's graph does and the petgraph graph is built only when a command
/// needs the whole graph: [`PackedRelations::of`], then [`Packing::entities`], then
/// [`Packing::graph`], so that the records of each step can be let go before the next.
pub(crate) struct Packing {
    sources: BTreeMap<String, Source>,
    body: Vec<u8>,
    /// Where the entities start in `body`, after the sources.
    records: usize,
    names: NameIndex,
    relations: PackedRelations,
}

impl Packing {
    /// Packs the sources and the `count` entities, and indexes their names (on another core
    /// when they are many); the relations packed before follow them.
    pub(crate) fn entities<'a>(
        sources: BTreeMap<String, Source>,
        count: usize,
        all: impl Iterator<Item = &'a Entity> + Clone + Send,
        relations: PackedRelations,
    ) -> Result<Packing, Error> {
        let mut body = Vec::new();
        let listed: Vec<&Source> = sources.values().collect();
        put_bytes(&mut body, &json(&listed)?);
        let records = body.len();
        let indexed = all.clone();
        let (names, packed) = side_by_side(
            count >= PARALLEL_FROM,
            move || {
                let mut names = NameIndex::with_room_for(count);
                for (i, entity) in indexed.enumerate() {
                    names.add_entity(EntityIx::new(i), entity);
                }
                names
            },
            || entities(&mut body, all),
        );
        packed?;
        let names = names.ok_or_else(cannot_pack)?;
        Ok(Packing {
            sources,
            body,
            records,
            names,
            relations,
        })
    }

    /// The graph of what was packed, with its indexes: its entities in id order and its
    /// adjacency, made side by side.
    pub(crate) fn graph(self) -> Result<Graph, Error> {
        let Packing {
            sources,
            mut body,
            records,
            names,
            relations,
        } = self;
        // The entities' records are let go by now: the copy costs no more than the relations.
        body.reserve_exact(relations.columns.len() + relations.tail.len());
        body.extend_from_slice(&relations.columns);
        drop(relations.columns);
        body.extend_from_slice(&relations.tail);
        let mut reader = Reader {
            bytes: &body,
            at: records,
        };
        let (spans, n, id_order, adjacency) = (|| {
            let entity_part = reader.entity_part()?;
            let relation_part = reader.relation_part()?;
            let spans = Spans::of(&body, &entity_part, &relation_part)?;
            let (n, m) = (entity_part.kinds.len(), relation_part.flags.len());
            let ids = &entity_part.ids;
            let r = &relation_part;
            let (id_order, adjacency) = side_by_side(
                n + m >= PARALLEL_FROM,
                move || {
                    // By the ids' bytes, which order as their text does.
                    let mut order: Vec<u32> = (0..n as u32).collect();
                    order.sort_unstable_by_key(|&e| ids.bytes_at(e as usize).unwrap_or_default());
                    order
                },
                || {
                    Adjacency::of(
                        entity_part.kinds.to_vec(),
                        m,
                        |ix| {
                            let end = |ends: U32s<'_>| ends.get(ix).unwrap_or_default();
                            (end(r.from), end(r.to))
                        },
                        |ix| {
                            let (kind, status) = (r.codes[2 * ix], r.codes[2 * ix + 1]);
                            kind | (Status::ALL[status as usize].weakness() << 6)
                        },
                    )
                },
            );
            Ok::<_, Bad>((spans, n, id_order.ok_or(Bad)?, adjacency))
        })()
        .map_err(|Bad| cannot_pack())?;
        if reader.at != body.len() || adjacency.entity_count() != n {
            return Err(cannot_pack());
        }
        let store = Stored {
            bytes: Bytes::Packed {
                bytes: body,
                records,
            },
            spans,
            damaged: AtomicBool::new(false),
            shown: "the data loaded".into(),
        };
        Graph::from_store(Arc::new(store), sources, id_order, names, adjacency)
            .ok_or_else(cannot_pack)
    }
}

/// Records fewer than this are packed on one thread: starting another would cost more.
pub(crate) const PARALLEL_FROM: usize = 1 << 14;

/// The values of `a` and `b`, made on two threads when `large`; `a`'s is `None` if it
/// panicked on its thread.
pub(crate) fn side_by_side<A: Send, B>(
    large: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (Option<A>, B) {
    if !large {
        return (Some(a()), b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join().ok(), b)
    })
}

/// Packing failed, which a checked load never makes it: its records are not what was read.
fn cannot_pack() -> Error {
    Error::Usage(
        "cannot keep the data loaded in memory: its records do not hold together (please report \
         this with the data files)"
            .into(),
    )
}

/// The bytes a [`Stored`] reads: a snapshot's file, mapped, or a load packed in memory (its
/// sources, then its entities and relations from `records` on).
enum Bytes {
    Mapped(memmap2::Mmap),
    Packed { bytes: Vec<u8>, records: usize },
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Packed { bytes, .. } => bytes,
        }
    }
}

/// A snapshot's entities and relations, in its bytes: a [`crate::graph::Store`].
struct Stored {
    bytes: Bytes,
    spans: Spans,
    damaged: AtomicBool,
    /// The file, as messages name it.
    shown: String,
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stored")
            .field("bytes", &self.bytes.len())
            .field("entities", &self.spans.kinds.len())
            .field("relations", &self.spans.flags.len())
            .finish()
    }
}

/// Where the parts of the entities and relations lie in a snapshot's bytes, with what reading
/// one record at a time needs: the relations' source lists decoded, and how many dates and
/// details come before each block of relations.
struct Spans {
    kinds: Range<usize>,
    ids: StringSpans,
    names: StringSpans,
    which: Range<usize>,
    more: StringSpans,
    from: Range<usize>,
    to: Range<usize>,
    codes: Range<usize>,
    flags: Range<usize>,
    lists: Range<usize>,
    table: Vec<Sources>,
    dates: StringSpans,
    details: StringSpans,
    /// For each block of [`RANK_BLOCK`] relations, how many dates and details come before it.
    ranks: Vec<(u32, u32)>,
}

/// Relations per entry of [`Spans::ranks`].
const RANK_BLOCK: usize = 64;

/// Where an arena of strings lies.
struct StringSpans {
    ends: Range<usize>,
    text: Range<usize>,
}

/// Where `part`, a slice of `bytes`, lies in it.
fn span(bytes: &[u8], part: &[u8]) -> Range<usize> {
    let start = part.as_ptr() as usize - bytes.as_ptr() as usize;
    start..start + part.len()
}

impl StringSpans {
    fn of(bytes: &[u8], strings: &Strings<'_>) -> Self {
        StringSpans {
            ends: span(bytes, strings.ends),
            text: span(bytes, strings.text),
        }
    }

    fn at<'a>(&self, bytes: &'a [u8]) -> Strings<'a> {
        Strings {
            ends: &bytes[self.ends.clone()],
            text: &bytes[self.text.clone()],
        }
    }
}

impl Spans {
    /// Where the parts lie, after the checks that cost little: every kind, type, status and
    /// source list known, every end an entity, the ids and names text whose ends fall on
    /// characters, as many dates and details as the relations say.
    fn of(bytes: &[u8], e: &EntityPart<'_>, r: &RelationPart<'_>) -> Result<Spans, Bad> {
        let n = e.kinds.len();
        let known = |values: &[u8], count: usize| values.iter().all(|&v| (v as usize) < count);
        if !known(e.kinds, EntityKind::ALL.len())
            || !e.ids.all_on_characters()
            || !e.names.all_on_characters()
            || !e.more.ends_rise()
            || !e
                .which
                .iter()
                .zip(e.which.iter().skip(1))
                .all(|(a, b)| a < b)
            || e.which.iter().last().is_some_and(|last| last as usize >= n)
        {
            return Err(Bad);
        }
        let (types, statuses) = (RelationType::ALL.len(), Status::ALL.len());
        let within = |ends: U32s<'_>| ends.iter().all(|x| (x as usize) < n);
        if !r
            .codes
            .chunks_exact(2)
            .all(|c| (c[0] as usize) < types && (c[1] as usize) < statuses)
            || !within(r.from)
            || !within(r.to)
            || !r.dates.all_on_characters()
            || !r.details.ends_rise()
        {
            return Err(Bad);
        }
        let table: Vec<Vec<SourceRef>> = serde_json::from_slice(r.table).map_err(|_| Bad)?;
        let table: Vec<Sources> = table.into_iter().map(Sources::from).collect();
        if !r.lists.iter().all(|l| (l as usize) < table.len()) {
            return Err(Bad);
        }
        let mut ranks = Vec::with_capacity(r.flags.len() / RANK_BLOCK + 1);
        let (mut dates, mut details) = (0u32, 0u32);
        for block in r.flags.chunks(RANK_BLOCK) {
            ranks.push((dates, details));
            for &f in block {
                dates += (f & (DATE | START | END)).count_ones();
                details += u32::from(f & DETAILS != 0);
            }
        }
        if dates as usize != r.dates.len() || details as usize != r.details.len() {
            return Err(Bad);
        }
        Ok(Spans {
            kinds: span(bytes, e.kinds),
            ids: StringSpans::of(bytes, &e.ids),
            names: StringSpans::of(bytes, &e.names),
            which: span(bytes, e.which.0),
            more: StringSpans::of(bytes, &e.more),
            from: span(bytes, r.from.0),
            to: span(bytes, r.to.0),
            codes: span(bytes, r.codes),
            flags: span(bytes, r.flags),
            lists: span(bytes, r.lists.0),
            table,
            dates: StringSpans::of(bytes, &r.dates),
            details: StringSpans::of(bytes, &r.details),
            ranks,
        })
    }
}

impl Stored {
    fn entity_part(&self) -> EntityPart<'_> {
        let (b, s) = (&self.bytes[..], &self.spans);
        EntityPart {
            kinds: &b[s.kinds.clone()],
            ids: s.ids.at(b),
            names: s.names.at(b),
            which: U32s(&b[s.which.clone()]),
            more: s.more.at(b),
        }
    }

    fn relation_part(&self) -> RelationPart<'_> {
        let (b, s) = (&self.bytes[..], &self.spans);
        RelationPart {
            from: U32s(&b[s.from.clone()]),
            to: U32s(&b[s.to.clone()]),
            codes: &b[s.codes.clone()],
            flags: &b[s.flags.clone()],
            lists: U32s(&b[s.lists.clone()]),
            table: &[],
            dates: s.dates.at(b),
            details: s.details.at(b),
        }
    }

    /// Notes that a record could not be decoded.
    fn damage(&self) {
        self.damaged.store(true, Ordering::Relaxed);
    }

    /// An entity with only what is packed (id, name, kind), checked when the store opened.
    fn packed_entity(&self, e: &EntityPart<'_>, i: usize) -> Entity {
        let kind = EntityKind::ALL[e.kinds[i] as usize];
        let text = |s: &Strings<'_>| s.str_at(i).unwrap_or_default().to_string();
        Entity::new(text(&e.ids), text(&e.names), kind)
    }

    /// A relation with only what is packed (type, status, sources).
    fn packed_relation(&self, r: &RelationPart<'_>, i: usize) -> Relation {
        let code = &r.codes[2 * i..2 * i + 2];
        let mut relation = Relation::new(
            RelationType::ALL[code[0] as usize],
            Status::ALL[code[1] as usize],
        );
        let list = r.lists.get(i).unwrap_or_default() as usize;
        relation.sources = self.spans.table[list].clone();
        relation
    }

    fn relation_or_bad(&self, i: usize) -> Result<Relation, Bad> {
        let r = self.relation_part();
        let mut relation = self.packed_relation(&r, i);
        let f = r.flags[i];
        let (mut dates, mut details) = self.spans.ranks[i / RANK_BLOCK];
        for &before in &r.flags[i - i % RANK_BLOCK..i] {
            dates += (before & (DATE | START | END)).count_ones();
            details += u32::from(before & DETAILS != 0);
        }
        let mut date = |bit: u8| -> Result<Option<PartialDate>, Bad> {
            if f & bit == 0 {
                return Ok(None);
            }
            let text = r.dates.str_at(dates as usize).ok_or(Bad)?;
            dates += 1;
            text.parse().map(Some).map_err(|_| Bad)
        };
        relation.date = date(DATE)?;
        relation.start = date(START)?;
        relation.end = date(END)?;
        if f & DETAILS != 0 {
            let json = r.details.bytes_at(details as usize).ok_or(Bad)?;
            relation.set_details(serde_json::from_slice(json).map_err(|_| Bad)?);
        }
        Ok(relation)
    }

    /// The graph built from every record read one at a time, each unreadable one replaced by
    /// what is packed of it: the way to build a damaged store.
    fn build_one_at_a_time(&self) -> DiGraph<Entity, Relation> {
        let (n, m) = (self.entity_count(), self.relation_count());
        let mut inner = DiGraph::with_capacity(n, m);
        for i in 0..n {
            inner.add_node(self.entity(i));
        }
        for i in 0..m {
            let (from, to) = self.ends(i);
            inner.add_edge(from.into(), to.into(), self.relation(i));
        }
        inner
    }
}

impl Store for Stored {
    fn entity_count(&self) -> usize {
        self.spans.kinds.len()
    }

    fn is_bare(&self, entity: usize) -> bool {
        self.entity_part().which.position(entity as u32).is_none()
    }

    fn type_and_status(&self, relation: usize) -> (u8, u8) {
        let codes = &self.bytes[self.spans.codes.clone()];
        (codes[2 * relation], codes[2 * relation + 1])
    }

    fn relation_count(&self) -> usize {
        self.spans.flags.len()
    }

    fn id(&self, entity: usize) -> &str {
        self.spans
            .ids
            .at(&self.bytes)
            .str_at(entity)
            .unwrap_or_default()
    }

    fn packed_records(&self) -> Option<&[u8]> {
        match &self.bytes {
            Bytes::Packed { bytes, records } => bytes.get(*records..),
            Bytes::Mapped(_) => None,
        }
    }

    fn name(&self, entity: usize) -> &str {
        self.spans
            .names
            .at(&self.bytes)
            .str_at(entity)
            .unwrap_or_default()
    }

    fn entity(&self, i: usize) -> Entity {
        let e = self.entity_part();
        let whole = match e.which.position(i as u32) {
            None => Ok(self.packed_entity(&e, i)),
            Some(k) => e
                .more
                .bytes_at(k)
                .ok_or(Bad)
                .and_then(|json| serde_json::from_slice(json).map_err(|_| Bad)),
        };
        whole.unwrap_or_else(|Bad| {
            self.damage();
            self.packed_entity(&e, i)
        })
    }

    fn ends(&self, relation: usize) -> (u32, u32) {
        let r = self.relation_part();
        let end = |ends: U32s<'_>| ends.get(relation).unwrap_or_default();
        (end(r.from), end(r.to))
    }

    fn relation(&self, i: usize) -> Relation {
        self.relation_or_bad(i).unwrap_or_else(|Bad| {
            self.damage();
            self.packed_relation(&self.relation_part(), i)
        })
    }

    fn build(&self) -> DiGraph<Entity, Relation> {
        let (n, m) = (self.entity_count(), self.relation_count());
        let (entity_part, relation_part) = (self.entity_part(), self.relation_part());
        // The relations decoded in chunks on one thread while this one adds the entities,
        // then the relations as they come.
        let built = std::thread::scope(|scope| {
            let (send, chunks) = std::sync::mpsc::sync_channel(4);
            let table = &self.spans.table;
            let relations = scope.spawn(move || {
                relation_part.decode_in_chunks(table, |chunk| send.send(chunk).is_ok())
            });
            let mut inner = DiGraph::with_capacity(n, m);
            for entity in entity_part.decode()? {
                inner.add_node(entity);
            }
            for chunk in chunks {
                for (from, to, relation) in chunk {
                    inner.add_edge(from.into(), to.into(), relation);
                }
            }
            relations.join().unwrap_or(Err(Bad))?;
            if inner.node_count() != n || inner.edge_count() != m {
                return Err(Bad);
            }
            Ok(inner)
        });
        built.unwrap_or_else(|Bad| {
            self.damage();
            self.build_one_at_a_time()
        })
    }

    fn damage(&self) -> Option<Error> {
        self.damaged
            .load(Ordering::Relaxed)
            .then(|| refused(&self.shown, DOES_NOT_HOLD, AGAIN))
    }
}

/// The dataset a snapshot holds, to join a graph that already has data (as any data file
/// does), after the same checks as [`restore`].
pub(crate) fn dataset(shown: &str, bytes: &[u8]) -> Result<Dataset, Error> {
    let Checked { header, mut body } = check(shown, bytes)?;
    fresh(shown, &header)?;
    let Whole {
        sources,
        entities,
        relations,
    } = decode(&mut body)
        .and_then(|whole| {
            holds_what_it_says(&header, whole.entities.len(), whole.relations.len())?;
            Ok(whole)
        })
        .map_err(|_| refused(shown, DOES_NOT_HOLD, AGAIN))?;
    let at = Location {
        file: shown.into(),
        line: 1,
        column: 1,
    };
    Ok(Dataset {
        sources: sources.into_iter().map(|s| (s, at.clone())).collect(),
        entities: entities.into_iter().map(|e| (e, at.clone())).collect(),
        relations: relations
            .into_iter()
            .map(|(from, to, relation)| RelationRecord {
                ends: Ends::Local(from, to),
                relation,
            })
            .collect(),
        source_uses: Vec::new(),
        refused_ids: Default::default(),
        refused_ends: Vec::new(),
    })
}

/// Bytes that do not hold what the layout says.
#[derive(Debug)]
struct Bad;

/// Whether the header counts the `n` entities and `m` relations the body holds: a header
/// that claims four billion of each (its checksum made to match) is refused, not believed.
fn holds_what_it_says(header: &Header, n: usize, m: usize) -> Result<(), Bad> {
    if header.entities == n as u64 && header.relations == m as u64 {
        Ok(())
    } else {
        Err(Bad)
    }
}

/// What a snapshot holds, decoded.
struct Whole {
    sources: Vec<Source>,
    entities: Vec<Entity>,
    relations: Vec<(u32, u32, Relation)>,
}

/// A graph's indexes as a snapshot holds them.
struct Indexes {
    id_order: Vec<u32>,
    names: NameIndex,
    adjacency: Adjacency,
}

/// The parts of a snapshot's body, not yet decoded.
type Parts<'a> = (Vec<Source>, EntityPart<'a>, RelationPart<'a>, IndexPart<'a>);

/// Reads where each part of the body lies (and the sources, which are few).
fn parts<'a>(body: &mut Reader<'a>) -> Result<Parts<'a>, Bad> {
    let sources: Vec<Source> = serde_json::from_slice(body.bytes()?).map_err(|_| Bad)?;
    let entity_part = body.entity_part()?;
    let relation_part = body.relation_part()?;
    let index_part = body.index_part()?;
    if body.at != body.bytes.len() {
        return Err(Bad);
    }
    Ok((sources, entity_part, relation_part, index_part))
}

/// Decodes the sources, entities and relations, side by side (the indexes are left out: the
/// data joins a graph that has its own).
fn decode(body: &mut Reader<'_>) -> Result<Whole, Bad> {
    let (sources, entity_part, relation_part, _) = parts(body)?;
    let (entities, relations) = std::thread::scope(|scope| {
        let relations = scope.spawn(|| relation_part.decode());
        let entities = entity_part.decode();
        (entities, relations.join().unwrap_or(Err(Bad)))
    });
    Ok(Whole {
        sources,
        entities: entities?,
        relations: relations?,
    })
}

/// The indexes' arrays, not yet decoded.
struct IndexPart<'a> {
    id_order: U32s<'a>,
    tables: [(&'a [u8], U32s<'a>, U32s<'a>, U32s<'a>); 2],
    rows: [(U32s<'a>, U32s<'a>, &'a [u8]); 2],
    kinds: &'a [u8],
    name_places: U32s<'a>,
}

impl IndexPart<'_> {
    fn decode(&self, n: usize, m: usize) -> Result<Indexes, Bad> {
        let id_order: Vec<u32> = self.id_order.iter().collect();
        let table =
            |(text, key_ends, entities, entity_ends): &(&[u8], U32s<'_>, U32s<'_>, U32s<'_>)| {
                let text = std::str::from_utf8(text).map_err(|_| Bad)?.to_string();
                KeyTable::from_parts(
                    text,
                    key_ends.iter().collect(),
                    entities.iter().collect(),
                    entity_ends.iter().collect(),
                    n,
                )
                .ok_or(Bad)
            };
        let names = NameIndex::from_tables(table(&self.tables[0])?, table(&self.tables[1])?);
        let row = |(offsets, slots, codes): &(U32s<'_>, U32s<'_>, &[u8])| {
            let offsets: Vec<u32> = offsets.iter().collect();
            let pairs: Vec<u32> = slots.iter().collect();
            let slots: Vec<Slot> = pairs
                .chunks_exact(2)
                .map(|p| Slot {
                    entity: p[0],
                    relation: p[1],
                })
                .collect();
            (offsets, slots, codes.to_vec())
        };
        let adjacency = Adjacency::from_parts(
            [row(&self.rows[0]), row(&self.rows[1])],
            self.kinds.to_vec(),
            self.name_places.iter().collect(),
            m,
        )
        .ok_or(Bad)?;
        if adjacency.entity_count() != n {
            return Err(Bad);
        }
        Ok(Indexes {
            id_order,
            names,
            adjacency,
        })
    }
}

/// A cursor over a snapshot's bytes; every read is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Bad> {
        let end = self.at.checked_add(n).ok_or(Bad)?;
        let slice = self.bytes.get(self.at..end).ok_or(Bad)?;
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, Bad> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, Bad> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn len(&mut self) -> Result<usize, Bad> {
        usize::try_from(self.u64()?).map_err(|_| Bad)
    }

    fn bytes(&mut self) -> Result<&'a [u8], Bad> {
        let n = self.len()?;
        self.take(n)
    }

    fn u32s(&mut self, n: usize) -> Result<U32s<'a>, Bad> {
        Ok(U32s(self.take(n.checked_mul(4).ok_or(Bad)?)?))
    }

    fn arena(&mut self) -> Result<Strings<'a>, Bad> {
        let n = self.len()?;
        let ends = self.take(n.checked_mul(8).ok_or(Bad)?)?;
        let text = self.bytes()?;
        Ok(Strings { ends, text })
    }

    fn entity_part(&mut self) -> Result<EntityPart<'a>, Bad> {
        let kinds = self.bytes()?;
        let ids = self.arena()?;
        let names = self.arena()?;
        let k = self.len()?;
        let which = self.u32s(k)?;
        let more = self.arena()?;
        let n = kinds.len();
        if ids.len() != n || names.len() != n || more.len() != k {
            return Err(Bad);
        }
        Ok(EntityPart {
            kinds,
            ids,
            names,
            which,
            more,
        })
    }

    fn counted_u32s(&mut self) -> Result<U32s<'a>, Bad> {
        let n = self.len()?;
        self.u32s(n)
    }

    fn index_part(&mut self) -> Result<IndexPart<'a>, Bad> {
        let id_order = self.counted_u32s()?;
        let mut table = || -> Result<_, Bad> {
            let text = self.bytes()?;
            let key_ends = self.counted_u32s()?;
            let entities = self.counted_u32s()?;
            let entity_ends = self.u32s(key_ends.0.len() / 4)?;
            Ok((text, key_ends, entities, entity_ends))
        };
        let tables = [table()?, table()?];
        let mut row = || -> Result<_, Bad> {
            let offsets = self.counted_u32s()?;
            let n = self.len()?;
            let slots = self.u32s(n.checked_mul(2).ok_or(Bad)?)?;
            let codes = self.bytes()?;
            Ok((offsets, slots, codes))
        };
        let rows = [row()?, row()?];
        let kinds = self.bytes()?;
        let name_places = self.u32s(kinds.len())?;
        Ok(IndexPart {
            id_order,
            tables,
            rows,
            kinds,
            name_places,
        })
    }

    fn relation_part(&mut self) -> Result<RelationPart<'a>, Bad> {
        let m = self.len()?;
        let from = self.u32s(m)?;
        let to = self.u32s(m)?;
        let codes = self.bytes()?;
        let flags = self.bytes()?;
        let lists = self.u32s(m)?;
        let table = self.bytes()?;
        let dates = self.arena()?;
        let details = self.arena()?;
        if codes.len() != 2 * m || flags.len() != m {
            return Err(Bad);
        }
        Ok(RelationPart {
            from,
            to,
            codes,
            flags,
            lists,
            table,
            dates,
            details,
        })
    }
}

/// Little-endian `u32`s.
#[derive(Clone, Copy)]
struct U32s<'a>(&'a [u8]);

impl U32s<'_> {
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&self) -> usize {
        self.0.len() / 4
    }

    fn get(&self, i: usize) -> Option<u32> {
        let b = self.0.get(4 * i..4 * i + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Where `value` is, in values that rise.
    fn position(&self, value: u32) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.get(mid)?.cmp(&value) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// Strings packed one after another, with where each ends.
struct Strings<'a> {
    ends: &'a [u8],
    text: &'a [u8],
}

impl<'a> Strings<'a> {
    fn len(&self) -> usize {
        self.ends.len() / 8
    }

    /// Where string `i` ends (and `i + 1` starts).
    fn end(&self, i: usize) -> Option<usize> {
        let b = self.ends.get(8 * i..8 * i + 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        usize::try_from(u64::from_le_bytes(a)).ok()
    }

    /// The bytes of string `i`.
    fn bytes_at(&self, i: usize) -> Option<&'a [u8]> {
        let start = if i == 0 { 0 } else { self.end(i - 1)? };
        self.text.get(start..self.end(i)?)
    }

    /// String `i`, if it is text.
    fn str_at(&self, i: usize) -> Option<&'a str> {
        std::str::from_utf8(self.bytes_at(i)?).ok()
    }

    /// Whether the ends rise and stay within the text.
    fn ends_rise(&self) -> bool {
        let mut last = 0;
        (0..self.len()).all(|i| {
            let end = self.end(i);
            let rises = end.is_some_and(|end| end >= last && end <= self.text.len());
            last = end.unwrap_or(0);
            rises
        })
    }

    /// Whether the text is UTF-8 and every string ends on a character, so that each string
    /// read alone is text.
    fn all_on_characters(&self) -> bool {
        let Ok(text) = std::str::from_utf8(self.text) else {
            return false;
        };
        self.ends_rise()
            && (0..self.len()).all(|i| self.end(i).is_some_and(|e| text.is_char_boundary(e)))
    }

    /// Each string's bytes, in order.
    fn iter(&self) -> impl Iterator<Item = Result<&'a [u8], Bad>> + '_ {
        let mut start = 0usize;
        self.ends.chunks_exact(8).map(move |b| {
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            let end = usize::try_from(u64::from_le_bytes(a)).map_err(|_| Bad)?;
            let s = self.text.get(start..end).ok_or(Bad)?;
            start = end;
            Ok(s)
        })
    }

    /// Each string, checked as UTF-8 once for all.
    fn strs(&self) -> Result<impl Iterator<Item = Result<&'a str, Bad>> + '_, Bad> {
        let text = std::str::from_utf8(self.text).map_err(|_| Bad)?;
        let mut start = 0usize;
        Ok(self.ends.chunks_exact(8).map(move |b| {
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            let end = usize::try_from(u64::from_le_bytes(a)).map_err(|_| Bad)?;
            let s = text.get(start..end).ok_or(Bad)?;
            start = end;
            Ok(s)
        }))
    }
}

struct EntityPart<'a> {
    kinds: &'a [u8],
    ids: Strings<'a>,
    names: Strings<'a>,
    which: U32s<'a>,
    more: Strings<'a>,
}

impl EntityPart<'_> {
    fn decode(&self) -> Result<Vec<Entity>, Bad> {
        let mut entities = Vec::with_capacity(self.kinds.len());
        for ((&kind, id), name) in self
            .kinds
            .iter()
            .zip(self.ids.strs()?)
            .zip(self.names.strs()?)
        {
            let kind = *EntityKind::ALL.get(kind as usize).ok_or(Bad)?;
            entities.push(Entity::new(id?, name?, kind));
        }
        for (at, more) in self.which.iter().zip(self.more.iter()) {
            let slot = entities.get_mut(at as usize).ok_or(Bad)?;
            *slot = serde_json::from_slice(more?).map_err(|_| Bad)?;
        }
        Ok(entities)
    }
}

struct RelationPart<'a> {
    from: U32s<'a>,
    to: U32s<'a>,
    codes: &'a [u8],
    flags: &'a [u8],
    lists: U32s<'a>,
    table: &'a [u8],
    dates: Strings<'a>,
    details: Strings<'a>,
}

impl RelationPart<'_> {
    fn decode(&self) -> Result<Vec<(u32, u32, Relation)>, Bad> {
        let table: Vec<Vec<SourceRef>> = serde_json::from_slice(self.table).map_err(|_| Bad)?;
        let table: Vec<Sources> = table.into_iter().map(Sources::from).collect();
        let mut out = Vec::with_capacity(self.flags.len());
        self.decode_in_chunks(&table, |chunk| {
            out.extend(chunk);
            true
        })?;
        Ok(out)
    }

    /// Decodes the relations in order, with their source lists from `table`, handing them to
    /// `take` a chunk at a time (so that the graph can take them as they come); stops early
    /// when `take` returns false.
    fn decode_in_chunks(
        &self,
        table: &[Sources],
        mut take: impl FnMut(Vec<(u32, u32, Relation)>) -> bool,
    ) -> Result<(), Bad> {
        const CHUNK: usize = 1 << 16;
        let mut dates = self.dates.strs()?;
        let mut details = self.details.iter();
        let mut date = |on: bool| -> Result<Option<PartialDate>, Bad> {
            if !on {
                return Ok(None);
            }
            let text = dates.next().ok_or(Bad)??;
            text.parse().map(Some).map_err(|_| Bad)
        };
        let mut out = Vec::with_capacity(CHUNK);
        let ends = self.from.iter().zip(self.to.iter());
        let codes = self.codes.chunks_exact(2);
        for ((((from, to), code), &f), list) in
            ends.zip(codes).zip(self.flags).zip(self.lists.iter())
        {
            let kind = *RelationType::ALL.get(code[0] as usize).ok_or(Bad)?;
            let status = *Status::ALL.get(code[1] as usize).ok_or(Bad)?;
            let mut relation = Relation::new(kind, status);
            relation.date = date(f & DATE != 0)?;
            relation.start = date(f & START != 0)?;
            relation.end = date(f & END != 0)?;
            relation.sources = table.get(list as usize).ok_or(Bad)?.clone();
            if f & DETAILS != 0 {
                let d: RelationDetails =
                    serde_json::from_slice(details.next().ok_or(Bad)??).map_err(|_| Bad)?;
                relation.set_details(d);
            }
            out.push((from, to, relation));
            if out.len() == CHUNK && !take(std::mem::replace(&mut out, Vec::with_capacity(CHUNK))) {
                return Ok(());
            }
        }
        if !out.is_empty() {
            take(out);
        }
        Ok(())
    }
}
