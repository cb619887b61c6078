//! Colors as a small value with semantic names, not ANSI codes sprinkled around.
//! Whether they reach the terminal is decided by the output stream (anstream).

use anstyle::{AnsiColor, Style};

/// The styles renderers use.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// File names and headings.
    pub strong: Style,
    /// Secondary text (rule ids, attributions).
    pub dim: Style,
    /// A buzzword as written.
    pub buzzword: Style,
    /// Categories.
    pub category: Style,
    /// Plain-language suggestions.
    pub plain: Style,
    /// Underlines and warnings.
    pub alert: Style,
}

impl Palette {
    /// No styles at all: what renderers get when colors are off, so the output
    /// needs no escape-stripping pass.
    pub fn plain() -> Self {
        let none = Style::new();
        Palette {
            strong: none,
            dim: none,
            buzzword: none,
            category: none,
            plain: none,
            alert: none,
        }
    }
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            strong: Style::new().bold(),
            dim: Style::new().dimmed(),
            buzzword: AnsiColor::Yellow.on_default().bold(),
            category: AnsiColor::Cyan.on_default(),
            plain: AnsiColor::Green.on_default(),
            alert: AnsiColor::Red.on_default().bold(),
        }
    }
}
