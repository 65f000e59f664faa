//! Every link of every note must reach a note, heading, folder or file.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::check::Resolutions;
use crate::diagnostics::message::{Chosen, Danger, Hint, LinkKind as Said};
use crate::diagnostics::{Diagnostic, Message, suggest};
use crate::model::Model;
use crate::vault::markdown::LinkKind;
use crate::vault::resolve::{Anchor, LinkIndex, PathTables, Problem, Resolution, Target};

/// The links of every note, resolved, with their problems per note: what a
/// preview keeps so that a saved note has only its own links (and those
/// that point at it) resolved again.
#[derive(Default)]
pub struct LinkCache {
    pub resolutions: Resolutions,
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// The tables of the vault's paths, which a saved note leaves as they
    /// are.
    tables: PathTables,
}

impl LinkCache {
    /// Lets go of the path tables, for a book that never resolves links
    /// again (a command's): at 50,000 clients they hold tens of megabytes
    /// the codes and the analytics could use.
    pub fn drop_path_tables(&mut self) {
        self.tables = PathTables::default();
    }
}

/// Resolves every link of every note.
pub fn resolve_all(model: &Model) -> LinkCache {
    let _t = crate::timings::stage("check: links");
    let tables = PathTables::new(&model.vault);
    let index = LinkIndex::with_tables(&model.vault, &tables);
    let aliases = Aliases::new(model);
    let per_note: Vec<(Vec<Resolution>, Vec<Diagnostic>)> = (0..model.vault.notes.len())
        .into_par_iter()
        .map(|i| resolve_note(model, &index, &aliases, i))
        .collect();
    drop(index);
    let (resolutions, diagnostics) = per_note.into_iter().unzip();
    let mut cache = LinkCache {
        resolutions,
        diagnostics,
        tables,
    };
    embed_cycles(model, &mut cache);
    cache
}

/// Resolves again the links of the notes in `changed` and of every note
/// with a link to one of them (its headings or privacy may have changed).
/// The vault's paths must be those `cache` was made for.
pub fn resolve_changed(model: &Model, changed: &[usize], cache: &mut LinkCache) {
    let mut again: Vec<usize> = changed.to_vec();
    for (from, resolved) in cache.resolutions.iter().enumerate() {
        let points_at_changed = resolved.iter().any(|r| match r {
            Ok(Target::Note { index, .. }) => changed.contains(index),
            Err(problem) => match **problem {
                Problem::Anchor { index, .. } | Problem::Block { index, .. } => {
                    changed.contains(&index)
                }
                _ => false,
            },
            Ok(_) => false,
        });
        if points_at_changed {
            again.push(from);
        }
    }
    again.sort_unstable();
    again.dedup();
    let index = LinkIndex::with_tables(&model.vault, &cache.tables);
    let aliases = Aliases::new(model);
    for i in again {
        let (resolved, diags) = resolve_note(model, &index, &aliases, i);
        cache.resolutions[i] = resolved;
        cache.diagnostics[i] = diags;
    }
    for diags in &mut cache.diagnostics {
        diags.retain(|d| d.code() != crate::diagnostics::Code::EmbedCycle);
    }
    embed_cycles(model, cache);
}

/// Lowercased alias → the published notes that have it, for the help of
/// a wikilink that names an alias instead of a file.
struct Aliases<'m>(
    HashMap<String, Vec<usize>>,
    std::marker::PhantomData<&'m ()>,
);

impl<'m> Aliases<'m> {
    fn new(model: &'m Model) -> Self {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, note) in model.vault.notes.iter().enumerate() {
            if !note.published() {
                continue;
            }
            for alias in &note.aliases {
                map.entry(alias.as_str().to_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        Aliases(map, std::marker::PhantomData)
    }

    fn of(&self, name: &str) -> Option<usize> {
        self.0
            .get(&name.to_lowercase())
            .and_then(|v| v.first().copied())
    }
}

fn resolve_note(
    model: &Model,
    index: &LinkIndex,
    aliases: &Aliases,
    i: usize,
) -> (Vec<Resolution>, Vec<Diagnostic>) {
    let note = &model.vault.notes[i];
    let mut diags = Vec::new();
    let resolved = note
        .links
        .iter()
        .map(|link| {
            let (r, others) = index.resolve_detailed(i, link.kind, &link.dest);
            diagnose(model, index, aliases, i, link, &r, &others, &mut diags);
            r
        })
        .collect();
    (resolved, diags)
}

use crate::vault::obsidian::MAX_EMBED_DEPTH;

/// Whether link `k` of note `from`, an embed of a part of the same note,
/// sits inside that part (and so would embed itself).
fn inside_own_part(model: &Model, from: usize, k: usize, anchor: Option<Anchor>) -> bool {
    let note = &model.vault.notes[from];
    let line = note.links[k].pos.line;
    match anchor {
        None => true,
        Some(Anchor::Heading(h)) => {
            let h = h as usize;
            let start = note.headings[h].pos.line;
            let level = note.headings[h].level;
            let end = note.headings[h + 1..]
                .iter()
                .find(|x| x.level <= level)
                .map_or(u32::MAX, |x| x.pos.line);
            (start..end).contains(&line)
        }
        Some(Anchor::Block(b)) => note.blocks[b as usize].pos.line == line,
    }
}

/// Embeds that lead back to the note they are in (directly or through
/// other embeds): the page shows a link there instead. Each such embed
/// gets a warning. A note may embed a part of itself that does not hold
/// the embed.
fn embed_cycles(model: &Model, cache: &mut LinkCache) {
    let embeds = |from: usize| -> Vec<(usize, usize)> {
        model.vault.notes[from]
            .links
            .iter()
            .zip(&cache.resolutions[from])
            .enumerate()
            .filter(|(_, (l, _))| l.kind == LinkKind::WikiEmbed)
            .filter_map(|(k, (_, r))| match r {
                Ok(Target::Note { index, anchor })
                    if *index != from || inside_own_part(model, from, k, *anchor) =>
                {
                    Some((k, *index))
                }
                _ => None,
            })
            .collect()
    };
    let mut found = Vec::new();
    for from in 0..model.vault.notes.len() {
        for (k, first) in embeds(from) {
            // Depth-first along embeds, as far as a page would follow them.
            let mut stack = vec![(first, 1usize)];
            let mut seen = std::collections::HashSet::new();
            let mut cycles = false;
            while let Some((at, depth)) = stack.pop() {
                if at == from {
                    cycles = true;
                    break;
                }
                if depth >= MAX_EMBED_DEPTH || !seen.insert(at) {
                    continue;
                }
                stack.extend(embeds(at).into_iter().map(|(_, next)| (next, depth + 1)));
            }
            if cycles {
                found.push((from, k));
            }
        }
    }
    for (from, k) in found {
        let note = &model.vault.notes[from];
        let link = &note.links[k];
        cache.diagnostics[from].push(Diagnostic::new(
            &note.path,
            link.pos,
            Message::EmbedCycle {
                written: format!("![[{}]]", link.dest),
            },
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn diagnose(
    model: &Model,
    index: &LinkIndex,
    aliases: &Aliases,
    from: usize,
    link: &crate::vault::markdown::Link,
    resolution: &Resolution,
    others: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let resolution = resolution.as_ref().map_err(|p| &**p);
    let vault = &model.vault;
    let note = &vault.notes[from];
    let file = note.path.as_str();
    let shown = &link.dest;
    // `![[Note]]` embeds a note; `![[pic.png]]` a file.
    let embeds_note = link.kind == LinkKind::WikiEmbed && {
        let name = link.dest.split('#').next().unwrap_or("");
        let file = name.rsplit('/').next().unwrap_or(name);
        file.rsplit_once('.').is_none_or(|(_, ext)| {
            ext.eq_ignore_ascii_case("md") || ext.len() > 5 || ext.contains(' ')
        })
    };
    let what = match link.kind {
        _ if embeds_note => Said::Embed,
        LinkKind::Image | LinkKind::WikiEmbed | LinkKind::HtmlImage => Said::Attachment,
        _ => Said::Link,
    };
    let written = match link.kind {
        LinkKind::Wiki => format!("[[{shown}]]"),
        LinkKind::WikiEmbed => format!("![[{shown}]]"),
        _ => shown.clone(),
    };
    let markdown = !matches!(link.kind, LinkKind::Wiki | LinkKind::WikiEmbed);
    let path = link.dest.split(['#', '?']).next().unwrap_or("");
    if markdown
        && path.starts_with("..")
        && crate::vault::resolve::climbs_above_root(note.folder(), path)
        && !matches!(resolution, Err(Problem::Unsafe { .. }))
    {
        let read_as = crate::vault::resolve::clamped(note.folder(), path);
        out.push(Diagnostic::new(
            file,
            link.pos,
            Message::LinkAboveRoot {
                written: written.clone(),
                read_as,
            },
        ));
    }
    if !others.is_empty()
        && let Ok(target) = resolution
    {
        let chosen = match target {
            Target::Note { index, .. } => vault.notes[*index].path.as_str(),
            Target::Asset(a) | Target::Folder(a) | Target::Template(a) => a,
            Target::External(_) => "",
        };
        let why = if chosen.rsplit_once('/').map_or("", |(d, _)| d) == note.folder() {
            Chosen::SameFolder
        } else {
            Chosen::Shortest
        };
        out.push(
            Diagnostic::new(
                file,
                link.pos,
                Message::WikilinkAmbiguous {
                    written: written.clone(),
                    chosen: chosen.to_owned(),
                    others: others.to_vec(),
                    why,
                },
            )
            .related(others.iter().map(String::as_str).chain([chosen])),
        );
    }
    match resolution {
        Ok(Target::Note { index, .. }) => {
            let target = &vault.notes[*index];
            if link.kind == LinkKind::WikiEmbed && note.published() && !target.published() {
                out.push(Diagnostic::new(
                    file,
                    link.pos,
                    Message::EmbedPrivate { written },
                ));
            } else if note.published() && target.is_private() {
                out.push(Diagnostic::new(
                    file,
                    link.pos,
                    Message::LinkPrivate { written },
                ));
            }
        }
        Ok(Target::Asset(path)) if !model.config.publishes_attachment(path) => {
            out.push(Diagnostic::new(
                file,
                link.pos,
                Message::AttachmentUnsafe {
                    path: path.to_string(),
                },
            ))
        }
        Ok(_) => {}
        Err(Problem::Missing { path }) => {
            let wiki = matches!(link.kind, LinkKind::Wiki | LinkKind::WikiEmbed);
            let aliased = wiki.then(|| aliases.of(path)).flatten();
            let message = match aliased {
                Some(owner) => Message::LinkByAlias {
                    link: what,
                    written,
                    path: path.clone(),
                    owner: vault.notes[owner].path.clone(),
                    stem: vault.notes[owner].stem().to_owned(),
                },
                None => Message::LinkMissing {
                    link: what,
                    written,
                    path: path.clone(),
                    hint: Hint::nearest(near_miss(index, path)),
                },
            };
            out.push(
                Diagnostic::new(file, link.pos, message)
                    .related(aliased.map(|o| vault.notes[o].path.as_str())),
            );
        }
        Err(Problem::Outside) => out.push(Diagnostic::new(
            file,
            link.pos,
            Message::LinkOutside {
                link: what,
                written,
            },
        )),
        Err(Problem::Anchor {
            index: target,
            fragment,
        }) => {
            let target = &vault.notes[*target];
            let texts = target.headings.iter().map(|h| h.text.as_str());
            let hint = Hint::nearest_or_all(
                suggest(fragment, texts),
                target
                    .headings
                    .iter()
                    .take(8)
                    .map(|h| h.text.to_string())
                    .collect(),
            );
            out.push(
                Diagnostic::new(
                    file,
                    link.pos,
                    Message::AnchorBroken {
                        written,
                        target: target.path.clone(),
                        heading: fragment.to_string(),
                        hint,
                    },
                )
                .related([target.path.as_str()]),
            );
        }
        Err(Problem::Block { index: target, id }) => {
            let target = &vault.notes[*target];
            let ids = target.blocks.iter().map(|b| b.id.as_str());
            let hint = Hint::nearest(suggest(id, ids));
            out.push(
                Diagnostic::new(
                    file,
                    link.pos,
                    Message::BlockBroken {
                        written,
                        target: target.path.clone(),
                        id: id.to_string(),
                        hint,
                    },
                )
                .related([target.path.as_str()]),
            );
        }
        Err(Problem::Unsafe { scheme }) => {
            let danger = match scheme.as_str() {
                "javascript" | "vbscript" | "data" => Danger::RunsCode,
                "file" => Danger::LocalFiles,
                _ => Danger::OtherProgram,
            };
            out.push(Diagnostic::new(
                file,
                link.pos,
                Message::LinkUnsafe {
                    scheme: scheme.to_string(),
                    danger,
                },
            ))
        }
    }
}

/// Most suggestions come from the target's own folder; past this many
/// candidates a guess costs more than it helps, so none is offered.
const MAX_SUGGESTION_CANDIDATES: usize = 2000;

/// A note or file whose path is close to `path`, among the entries of the
/// folder `path` names (or, for a bare name, among all), from the index
/// built once per run.
fn near_miss(index: &LinkIndex, path: &str) -> Option<String> {
    let mut candidates = index.suggestion_candidates(path, MAX_SUGGESTION_CANDIDATES)?;
    candidates.sort_unstable();
    suggest(path, candidates)
}
