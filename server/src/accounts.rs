//! Officer and operator accounts: a name, a role and a hashed API token. The accounts are
//! stored by [`crate::Database::add_account`].

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A health officer: confirms cases, reviews uploads, publishes warnings.
    HealthOfficer,
    /// A venue operator: registers venues and prints posters.
    VenueOperator,
}

impl Role {
    /// The stable name stored in the database.
    pub fn name(self) -> &'static str {
        match self {
            Role::HealthOfficer => "health_officer",
            Role::VenueOperator => "venue_operator",
        }
    }

    /// The role of a stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Role::HealthOfficer, Role::VenueOperator].into_iter().find(|r| r.name() == name)
    }
}

/// An authenticated account.
#[derive(Debug, Clone)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// What the account may do.
    pub role: Role,
}
