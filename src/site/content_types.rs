//! What kind of file each file of the site is, by its name: the one table
//! the preview answers with (`Content-Type`, sent with `nosniff`, so a
//! script or an icon of the wrong type is refused by the browser).

/// The `Content-Type` of the site's file at `path`.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        // An Obsidian canvas is JSON.
        "json" | "canvas" => "application/json",
        // An Obsidian base is YAML, shown as text.
        "base" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "pdf" => "application/pdf",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file the site writes itself has a type a browser takes with
    /// `nosniff`: its script, search index, style sheets and icon above all.
    #[test]
    fn every_file_of_the_sites_own_has_its_type() {
        for (path, wanted) in [
            ("_assets/dossier.js", "text/javascript; charset=utf-8"),
            (
                super::super::search::INDEX_PATH,
                "text/javascript; charset=utf-8",
            ),
            ("_assets/favicon.svg", "image/svg+xml"),
            ("_assets/style.css", "text/css; charset=utf-8"),
            ("_assets/extra.css", "text/css; charset=utf-8"),
            ("404.html", "text/html; charset=utf-8"),
            ("clients.csv", "text/csv; charset=utf-8"),
            ("a/B.PNG", "image/png"),
        ] {
            assert_eq!(content_type(path), wanted, "{path}");
        }
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }
}
