//! `healthpass status` (each family member's colour) and `healthpass verify-service` (an
//! officer's counter check).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use healthpass_core::passport::{HealthPassport, PassportError, StatusQuery};
use healthpass_core::status::{CounterCheckError, RuleSet, ServiceRule};
use serde_json::{Value, json};

use crate::args::{AtArgs, parse_instant};
use crate::failure::Failure;
use crate::files::{open_passport, read, read_input};
use crate::output::Output;
use crate::trust_args::TrustArgs;

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
    #[arg(long, value_parser = parse_instant, value_name = "INSTANT")]
    positive_at: Option<DateTime<Utc>>,
    /// A close contact (exposure alert) at this instant.
    #[arg(long, value_parser = parse_instant, value_name = "INSTANT")]
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

/// The rules `--rules` asks for instead of the rule set in force, if any.
fn chosen_rules(choice: Option<&str>, trust: &TrustArgs, passport: &HealthPassport) -> Result<Option<RuleSet>, Failure> {
    match choice {
        None => Ok(None),
        Some("2021") => Ok(Some(RuleSet::peduli_lindungi_2021())),
        Some("2022") => Ok(Some(RuleSet::peduli_lindungi_2022())),
        Some("synced") => {
            trust.root_key()?;
            let synced = passport.installed_status_rules().ok_or_else(|| {
                Failure::refused("no_synced_rules", "no rule set was synced yet: run `healthpass sync --trust-root FILE`")
            })?;
            Ok(Some(synced))
        }
        Some(path) => Ok(Some(RuleSet::from_signed(&read(Path::new(path))?, &[trust.root_key()?])?)),
    }
}

/// `healthpass status`: the colour of each family member from their verified certificates,
/// under the rule set in force (the synced one when a trust root is pinned, else 2022) unless
/// `--rules` names another.
pub fn status(db: Option<PathBuf>, args: StatusArgs, out: &Output) -> Result<(), Failure> {
    let passport = open_passport(db)?;
    let list = args.trust.apply(&passport)?;
    let rules = chosen_rules(args.rules.as_deref(), &args.trust, &passport)?;
    let rule_set = rules.as_ref().map_or_else(|| passport.status_rules().id, |rules| rules.id.clone());
    let now = args.clock.now();
    let query = StatusQuery {
        holder: args.holder.clone(),
        rules,
        confirmed_positive_at: args.positive_at,
        close_contact_at: args.close_contact_at,
    };
    let statuses = passport.status(&query, now)?;
    let lines: Vec<String> = statuses
        .iter()
        .map(|s| format!("{}: {} ({})\n  {}\n  {}", s.holder, s.colour.name().to_uppercase(), s.reason, s.advice.id, s.advice.en))
        .collect();
    let values: Vec<Value> = statuses
        .iter()
        .map(|s| {
            json!({
                "holder": s.holder,
                "colour": s.colour.name(),
                "reason": s.reason,
                "advice": { "id": s.advice.id, "en": s.advice.en },
            })
        })
        .collect();
    let age = list.map(|l| (now - l.issued_at()).num_seconds());
    let human = if lines.is_empty() { "The wallet is empty.".to_owned() } else { lines.join("\n") };
    out.print(&human, json!({ "rule_set": rule_set, "trust_list_age_seconds": age, "statuses": values }));
    Ok(())
}

/// `healthpass verify-service`: allow or deny one service, showing only name and date of birth.
pub fn verify_service(db: Option<PathBuf>, args: VerifyServiceArgs, out: &Output) -> Result<(), Failure> {
    let service = match ServiceRule::builtin_by_id(&args.rule) {
        Some(rule) => rule,
        None => ServiceRule::from_json(&read(Path::new(&args.rule))?)?,
    };
    let passport = open_passport(db)?;
    args.trust.apply(&passport)?;
    let text = read_input(&args.input)?;
    let (value, human, allowed) = match passport.verify_for_service(&service, &text, args.clock.now()) {
        Ok(check) => {
            let status = check.status.as_ref().map_or(Value::Null, |s| json!({ "colour": s.colour.name(), "reason": s.reason }));
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
        Err(PassportError::CounterCheck(CounterCheckError::Certificate(e))) => {
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
