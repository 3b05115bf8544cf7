//! Which of a configuration's sites a run audits (`--sites`, `--shard`) and
//! what such a run records of the selection for `merge`.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which of a configuration's sites a run audits: the command line's
/// `--sites` or `--shard`, before the configuration is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteSelection {
    /// These sites, each named by its id or its root URL.
    Sites(Vec<String>),
    /// One shard of the sites.
    Shard(Shard),
}

/// Shard `index` of `count` (0-based, as Kubernetes' `JOB_COMPLETION_INDEX`):
/// the sites ranked by a stable hash of their id, then dealt out in turn,
/// so every site is in exactly one shard and shards differ by one site at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    /// This shard, `0 ≤ index < count`.
    pub index: u32,
    /// How many shards the sites are split into (`≥ 1`).
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` (`0 ≤ I < N`).
    ///
    /// # Errors
    /// [`Error::BadShard`] for anything else.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || Error::BadShard(text.to_string());
        let (index, count) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = index.trim().parse().map_err(|_| bad())?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Which shard each site id falls in, in the order given: ranked by
    /// the first 8 bytes of the SHA-256 of the id (the id itself breaks a
    /// tie), dealt out in turn.
    #[must_use]
    pub fn deal(count: u32, ids: &[String]) -> Vec<u32> {
        use sha2::Digest;
        let mut ranked: Vec<(u64, &str, usize)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let digest = sha2::Sha256::digest(id.as_bytes());
                let mut head = [0u8; 8];
                head.copy_from_slice(&digest[..8]);
                (u64::from_be_bytes(head), id.as_str(), i)
            })
            .collect();
        ranked.sort_unstable();
        let mut shards = vec![0; ids.len()];
        for (rank, (_, _, i)) in ranked.into_iter().enumerate() {
            // `rank % count` is below `count`, a u32.
            shards[i] = u32::try_from(rank % count as usize).unwrap_or(0);
        }
        shards
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a run with `--sites` or `--shard` audits of its configuration,
/// kept in the store and the report (`run.selection`) so that `merge` can
/// put the shards' reports together in the configuration's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selected {
    /// The shard, when the selection is one (`--shard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// Every site of the configuration, in its order.
    pub configured: Vec<ConfiguredSite>,
    /// The sites of `configured` this run audits (their ids).
    pub audited: Vec<String>,
}

/// A site of the configuration as a selection names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfiguredSite {
    /// Its id.
    pub id: String,
    /// Its root URL.
    pub root: String,
    /// Its display name, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its role, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}
