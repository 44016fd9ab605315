//! "Always allow this exact command": an approval that writes an
//! `[[allow_exact]]` entry to the user policy file and reloads the policy.

use crate::daemon::Daemon;
use crate::proto::Response;
use crate::queue::PendingItem;
use std::io::Write;
use std::path::Path;
use ward_core::policy::exact::{actor_kind, append_allow_exact};
use ward_core::policy::spec::AllowExact;

impl Daemon {
    /// Appends `item`'s exact command for its actor kind to the policy file
    /// the daemon loads (`Config::watch`) and reloads. On any failure the
    /// file is put back as it was and the item stays pending.
    pub(crate) fn allow_always(&self, item: &PendingItem) -> Result<(), String> {
        let Some(path) = self.config.watch.as_deref() else {
            return Err("this daemon has no user policy file to write to".into());
        };
        let old = match std::fs::read_to_string(path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
        };
        let entry = AllowExact {
            command: item.raw.clone(),
            actor: actor_kind(&item.actor).to_owned(),
        };
        let new = append_allow_exact(old.as_deref().unwrap_or_default(), &entry)
            .map_err(|m| format!("cannot always allow `{}`: {m}", item.raw))?;
        write_atomic(path, &new).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        if let Response::Error { message, .. } = self.reload() {
            let restored = match &old {
                Some(t) => write_atomic(path, t),
                None => std::fs::remove_file(path),
            };
            let note = restored.err().map_or_else(String::new, |e| {
                format!(" (and `{}` could not be restored: {e})", path.display())
            });
            return Err(format!("{message}{note}"));
        }
        Ok(())
    }
}

/// Writes `text` to `path` through a temporary file and a rename, owner-only.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let tmp = path.with_extension("toml.ward-tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}
