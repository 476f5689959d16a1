//! One module per subcommand. Each turns its command-line arguments
//! ([`crate::cli`]) into a checked configuration, runs it, and gives the
//! exit code and the account line on stderr: `Args → Config → run`.
//! Nothing below these modules sees a command-line type.

pub mod extract;
pub mod rules;
pub mod summary;
