//! Exit codes, documented in README.md.

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: a threshold (`--fail-over`) was exceeded.
    Threshold = 1,
    /// 2: usage, input or rule errors.
    Failure = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(Exit::Success as u8, 0);
        assert_eq!(Exit::Threshold as u8, 1);
        assert_eq!(Exit::Failure as u8, 2);
        assert!(Exit::Failure > Exit::Threshold, "the worst outcome wins");
    }
}
