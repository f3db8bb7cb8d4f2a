//! Filter flags (`--gender female,male`, `--exploitation-country UA`), made from the same
//! dimension list the API uses, so names and syntax cannot drift apart.

use clap::{Arg, ArgMatches, Args, FromArgMatches};
use faro_domain::Filter;
use faro_domain::query::Dimension;

#[derive(Debug, Clone, Default)]
pub struct FilterArgs {
    pub filter: Filter,
}

fn flag(dim: Dimension) -> String {
    dim.id().replace('_', "-")
}

impl FromArgMatches for FilterArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut filter = Filter::new();
        for dim in Dimension::ALL {
            if let Some(value) = matches.get_one::<String>(dim.id()) {
                filter.add(dim, value).map_err(|e| {
                    clap::Error::raw(
                        clap::error::ErrorKind::ValueValidation,
                        format!("--{}: {}\n", flag(dim), crate::lang::get().invalid(&e)),
                    )
                })?;
            }
        }
        Ok(FilterArgs { filter })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for FilterArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        Dimension::ALL.iter().fold(cmd, |cmd, dim| {
            cmd.arg(
                Arg::new(dim.id())
                    .long(flag(*dim))
                    .value_name("VALUES")
                    .help_heading("Filters")
                    .help(format!("Only records whose {}", dim.describe())),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}
