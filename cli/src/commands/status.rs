//! `healthpass status` (each family member's colour) and `healthpass verify-service` (an
//! officer's counter check).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use healthpass_core::status::{CounterCheckError, RuleSet, ServiceRule, counter_check};
use healthpass_core::store::Store;
use healthpass_core::sync::cached_rule_set;
use healthpass_core::wallet;
use serde_json::{Value, json};

use super::cert::{AtArgs, parse_clock, read_input};
use super::diary::open_store;
use super::sync::sync_failure;
use super::trust::{TrustArgs, read};
use crate::failure::Failure;
use crate::output::Output;

/// What `status` uses.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this family member (default: everyone in the wallet).
    #[arg(long)]
    holder: Option<String>,
    /// The rule set: `2021`, `2022`, `synced` (the one `healthpass sync --trust-root` last
    /// fetched, checked again against the trust root) or a signed rule-set file. Default: the
    /// synced one when a trust root is given and one was synced, else 2022.
    #[arg(long, value_name = "2021|2022|synced|FILE")]
    rules: Option<String>,
    /// A positive confirmed by the health office at this instant.
    #[arg(long, value_parser = parse_clock, value_name = "INSTANT")]
    positive_at: Option<DateTime<Utc>>,
    /// A close contact (exposure alert) at this instant.
    #[arg(long, value_parser = parse_clock, value_name = "INSTANT")]
    close_contact_at: Option<DateTime<Utc>>,
    #[command(flatten)]
    trust: TrustArgs,
    #[command(flatten)]
    clock: AtArgs,
}

/// What `verify-service` uses.
#[derive(Debug, Args)]
pub struct VerifyServiceArgs {
    /// The service rule: `public-service`, `mall`, or a service-rule JSON file.
    #[arg(long, value_name = "RULE")]
    rule: String,
    /// The citizen's QR text, or an image file showing it.
    input: String,
    #[command(flatten)]
    trust: TrustArgs,
    #[command(flatten)]
    clock: AtArgs,
}

fn load_rules(choice: Option<&str>, trust: &TrustArgs, store: &Store) -> Result<RuleSet, Failure> {
    let synced = |root| cached_rule_set(store, &[root]).map_err(sync_failure);
    match choice {
        Some("2021") => Ok(RuleSet::peduli_lindungi_2021()),
        Some("2022") => Ok(RuleSet::peduli_lindungi_2022()),
        Some("synced") => synced(trust.root_key()?)?.ok_or_else(|| {
            Failure::refused("no_synced_rules", "no rule set was synced yet: run `healthpass sync --trust-root FILE`")
        }),
        Some(path) => {
            let bytes = read(&PathBuf::from(path))?;
            Ok(RuleSet::from_signed(&bytes, &[trust.root_key()?])?)
        }
        // Without a pinned root a synced rule set cannot be checked, so none is used.
        None => match trust.root_key() {
            Ok(root) => Ok(synced(root)?.unwrap_or_else(RuleSet::peduli_lindungi_2022)),
            Err(_) => Ok(RuleSet::peduli_lindungi_2022()),
        },
    }
}

/// `healthpass status`: the colour of each family member from their verified certificates.
pub fn status(db: Option<PathBuf>, args: StatusArgs, out: &Output) -> Result<(), Failure> {
    let store = open_store(db.clone())?;
    let rules = load_rules(args.rules.as_deref(), &args.trust, &store)?;
    let (trust, list) = args.trust.load_or_cached(db)?;
    let now = args.clock.now();
    let holders = match &args.holder {
        Some(holder) => vec![holder.clone()],
        None => wallet::holders(&store)?,
    };
    let mut lines = Vec::new();
    let mut values = Vec::new();
    for holder in holders {
        let decision = wallet::holder_status(
            &store,
            &holder,
            &trust,
            &rules,
            |facts| {
                facts.confirmed_positive_at = args.positive_at;
                facts.close_contact_at = facts.close_contact_at.max(args.close_contact_at);
            },
            now,
        )?;
        lines.push(format!(
            "{holder}: {} ({})\n  {}\n  {}",
            decision.colour.name().to_uppercase(),
            decision.reason,
            decision.advice.id,
            decision.advice.en
        ));
        values.push(json!({
            "holder": holder,
            "colour": decision.colour.name(),
            "reason": decision.reason,
            "advice": { "id": decision.advice.id, "en": decision.advice.en },
        }));
    }
    let age = list.map(|l| (now - l.issued_at()).num_seconds());
    let human = if lines.is_empty() { "The wallet is empty.".to_owned() } else { lines.join("\n") };
    out.print(&human, json!({ "rule_set": rules.id, "trust_list_age_seconds": age, "statuses": values }));
    Ok(())
}

/// `healthpass verify-service`: allow or deny one service, showing only name and date of birth.
pub fn verify_service(db: Option<PathBuf>, args: VerifyServiceArgs, out: &Output) -> Result<(), Failure> {
    let service = match ServiceRule::builtin_by_id(&args.rule) {
        Some(rule) => rule,
        None => ServiceRule::from_json(&read(&PathBuf::from(&args.rule))?)?,
    };
    let rule_sets = [RuleSet::peduli_lindungi_2021(), RuleSet::peduli_lindungi_2022()];
    let (trust, _) = args.trust.load_or_cached(db)?;
    let text = read_input(&args.input)?;
    let (value, human, allowed) = match counter_check(&text, &trust, args.clock.now(), &service, &rule_sets) {
        Ok(check) => {
            let status = check.status.as_ref().map_or(Value::Null, |(c, r)| json!({ "colour": c.name(), "reason": r }));
            let human = format!(
                "{} — {}\n  name: {}\n  date of birth: {}\n  {}\n  {}",
                if check.allowed { "ALLOW" } else { "DENY" },
                check.reason,
                check.name,
                check.date_of_birth,
                check.advice.id,
                check.advice.en
            );
            let value = json!({
                "allowed": check.allowed, "service": service.id, "reason": check.reason,
                "advice": { "id": check.advice.id, "en": check.advice.en }, "status": status,
                "holder": { "name": check.name, "dob": check.date_of_birth },
            });
            (value, human, check.allowed)
        }
        Err(CounterCheckError::Certificate(e)) => {
            let value = json!({
                "allowed": false, "service": service.id, "reason": e.code(), "advice": Value::Null,
                "status": Value::Null, "holder": Value::Null,
            });
            (value, format!("DENY — certificate refused [{}]: {e}", e.code()), false)
        }
        Err(other) => return Err(other.into()),
    };
    out.print(&human, value);
    if allowed { Ok(()) } else { Err(Failure::reported("service_denied")) }
}
