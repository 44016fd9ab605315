//! Event sources: each turns its own input format into [`InputEvent`]s.

pub mod balabit;
pub mod evdev;
pub mod jsonl;
pub mod live;
pub mod terminal;

use crate::error::Error;
use crate::event::InputEvent;
use std::path::{Path, PathBuf};

/// Reads a recorded file, choosing the format by its content: Balabit CSV
/// (a `record timestamp` header) or JSON lines.
pub fn read_file(path: &Path) -> Result<Vec<InputEvent>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let what = path.display().to_string();
    if text.trim_start().starts_with("record timestamp") {
        balabit::parse_session(&text, &what)
    } else {
        jsonl::parse(&text, &what)
    }
}

/// Reads recorded files in order into one event list, each file as
/// [`read_file`] reads it (a directory stands for the recordings in it, see
/// [`recordings`]); the first file that fails stops the read.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<InputEvent>, Error> {
    let mut events = Vec::new();
    for path in recordings(paths)? {
        events.extend(read_file(&path)?);
    }
    Ok(events)
}

/// `paths` with each directory replaced by the files directly in it, by
/// name (hidden files and subdirectories skipped), so a folder of sessions
/// is one argument. A directory without any file is an error naming it.
pub fn recordings(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
            let entry = entry.map_err(|e| Error::io(path, e))?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !hidden && entry.path().is_file() {
                files.push(entry.path());
            }
        }
        if files.is_empty() {
            return Err(Error::NotEnough(format!(
                "no recordings in the directory `{}`",
                path.display()
            )));
        }
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{read_file, read_files};

    const PRESS: &str = r#"{"type":"keystroke","ts":1,"key":"a","event":"press"}"#;

    #[test]
    fn read_files_concatenates_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        std::fs::write(&a, format!("{PRESS}\n")).unwrap();
        std::fs::write(&b, format!("{}\n{PRESS}\n", PRESS.replace('a', "b"))).unwrap();
        let mut want = read_file(&a).unwrap();
        want.extend(read_file(&b).unwrap());
        assert_eq!(want.len(), 3);
        assert_eq!(read_files(&[a, b]).unwrap(), want);
        assert_eq!(read_files(&[]).unwrap(), []);
    }

    #[test]
    fn enrol_from_dir_reads_every_recording_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        std::fs::write(&b, format!("{}\n{PRESS}\n", PRESS.replace('a', "b"))).unwrap();
        std::fs::write(&a, format!("{PRESS}\n")).unwrap();
        std::fs::write(dir.path().join(".hidden"), "not json").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let want = read_files(&[a, b]).unwrap();
        assert_eq!(want.len(), 3);
        assert_eq!(read_files(&[dir.path().to_path_buf()]).unwrap(), want);
        let empty = tempfile::tempdir().unwrap();
        let err = read_files(&[empty.path().to_path_buf()]).unwrap_err();
        assert!(err.to_string().contains("no recordings"), "{err}");
    }

    #[test]
    fn read_files_fails_on_the_first_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.jsonl");
        std::fs::write(&good, PRESS).unwrap();
        let missing = dir.path().join("missing.jsonl");
        let err = read_files(&[good, missing.clone()]).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("`{}`", missing.display())),
            "{err}"
        );
    }
}
