//! Teams of an organisation's staff: case workers see their teams' cases, and a member who
//! supervises approves steps and sees the whole organisation's cases. Admins make them.

use crate::audit::Draft;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, DisplayName, Message, OrganisationId, refusal};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub user: i64,
    pub supervises: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub members: Vec<TeamMember>,
}

impl Store {
    /// Creates a team in `organisation` (its admins only), audited with its name: a team's
    /// name is staff's words about staff, not about a person in the data.
    pub async fn create_team(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        name: &DisplayName,
    ) -> Result<i64, StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        let exists = "SELECT COUNT(*) FROM teams WHERE organisation_id = $1 AND name = $2";
        let taken: i64 = with_pool!(self, |p| sqlx::query_scalar(exists)
            .bind(organisation.0)
            .bind(name.as_str())
            .fetch_one(p)
            .await?);
        if taken > 0 {
            return Err(StoreError::Conflict {
                what: Message::new(refusal::TEAM_EXISTS),
            });
        }
        let insert = "INSERT INTO teams (organisation_id, name, created_at) VALUES ($1, $2, $3) RETURNING id";
        Ok(in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(insert)
                .bind(organisation.0)
                .bind(name.as_str())
                .bind(crate::clock::now())
                .fetch_one(&mut *tx)
                .await?;
            let entry = Draft::new(
                Some(organisation),
                ctx,
                "team.create",
                json!({ "team_id": id, "name": name.as_str() }),
            );
            append_audit!(self, tx, dialect, entry);
            id
        }))
    }

    /// The organisation's teams and their members, by name.
    pub async fn teams(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Vec<Team>, StoreError> {
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::Forbidden {
                action: "read_teams",
            });
        }
        let teams: Vec<(i64, String)> = with_pool!(self, |p| sqlx::query_as(
            "SELECT id, name FROM teams WHERE organisation_id = $1 ORDER BY name, id"
        )
        .bind(organisation.0)
        .fetch_all(p)
        .await?);
        let members: Vec<(i64, i64, i32)> = with_pool!(self, |p| {
            sqlx::query_as(
            "SELECT m.team_id, m.user_id, m.supervises FROM team_members m JOIN teams t ON t.id = m.team_id \
             WHERE t.organisation_id = $1 ORDER BY m.team_id, m.user_id"
        )
        .bind(organisation.0)
        .fetch_all(p)
        .await?
        });
        Ok(teams
            .into_iter()
            .map(|(id, name)| Team {
                id,
                name,
                members: members
                    .iter()
                    .filter(|m| m.0 == id)
                    .map(|m| TeamMember {
                        user: m.1,
                        supervises: m.2 != 0,
                    })
                    .collect(),
            })
            .collect())
    }

    /// Puts `user` in the team (supervising or not), or takes them out (`None`); admins only,
    /// audited. The user must work on cases in the team's organisation.
    pub async fn set_team_member(
        &self,
        ctx: &AccessContext,
        team: i64,
        user: i64,
        supervises: Option<bool>,
    ) -> Result<(), StoreError> {
        let organisation = self.team_organisation(team).await?;
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::NotFound {
                kind: "team",
                id: team,
            });
        }
        StoreError::unless_administers(ctx, organisation)?;
        if supervises.is_some() {
            self.check_case_staff(organisation, user).await?;
        }
        in_transaction!(self, |tx, dialect| {
            sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2")
                .bind(team)
                .bind(user)
                .execute(&mut *tx)
                .await?;
            if let Some(supervises) = supervises {
                sqlx::query(
                    "INSERT INTO team_members (team_id, user_id, supervises) VALUES ($1, $2, $3)",
                )
                .bind(team)
                .bind(user)
                .bind(i32::from(supervises))
                .execute(&mut *tx)
                .await?;
            }
            let detail = json!({ "team_id": team, "user_id": user, "member": supervises.is_some(), "supervises": supervises == Some(true) });
            let entry = Draft::new(Some(organisation), ctx, "team.member", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    async fn team_organisation(&self, team: i64) -> Result<OrganisationId, StoreError> {
        let org: Option<i64> = with_pool!(self, |p| sqlx::query_scalar(
            "SELECT organisation_id FROM teams WHERE id = $1"
        )
        .bind(team)
        .fetch_optional(p)
        .await?);
        org.map(OrganisationId).ok_or(StoreError::NotFound {
            kind: "team",
            id: team,
        })
    }

    /// `Invalid` unless `team` is one of `organisation`'s teams.
    pub(crate) async fn check_team(
        &self,
        organisation: OrganisationId,
        team: i64,
    ) -> Result<(), StoreError> {
        match self.team_organisation(team).await {
            Ok(o) if o == organisation => Ok(()),
            Ok(_) | Err(StoreError::NotFound { .. }) => {
                Err(StoreError::invalid("team", refusal::NOT_A_TEAM))
            }
            Err(e) => Err(e),
        }
    }
}
