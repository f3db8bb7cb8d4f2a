//! Charts as PNG: the same SVG rasterised in Rust (`resvg`) at twice its size, with DejaVu
//! Sans embedded for the text (`fonts/`), so a downloaded picture looks the same on every
//! machine and nothing is fetched to draw it.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, LazyLock};

/// The pixels per SVG unit: sharp on a high-density screen and in a printed document.
const SCALE: f32 = 2.0;

static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    db.load_font_data(
        include_bytes!("../../fonts/dejavu-fonts-ttf@2.37.3/DejaVuSans.ttf").to_vec(),
    );
    // The charts ask for the system's sans-serif; here that is DejaVu Sans.
    db.set_sans_serif_family("DejaVu Sans");
    Arc::new(db)
});

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the chart is not an SVG the renderer can read: {0}")]
    Svg(String),
    #[error("the chart is too large to draw as a picture")]
    Size,
    #[error("the picture could not be encoded as PNG")]
    Encode,
}

/// `svg` (a chart of this module) as PNG bytes, on white.
pub fn png(svg: &str) -> Result<Vec<u8>, PngError> {
    let options = usvg::Options {
        fontdb: FONTS.clone(),
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or(PngError::Size)?;
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or(PngError::Size)?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|_| PngError::Encode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_a_picture_twice_its_size_with_its_text_drawn() {
        let words = super::super::Words {
            hidden: "moins de 11".into(),
            title: "Genre".into(),
        };
        let bars = [super::super::Bar {
            label: "Transgenre ou non conforme".into(),
            count: Some(1234),
            href: None,
        }];
        let svg = super::super::bars(&bars, &words, faro_i18n::Lang::REFERENCE.grouping());
        let bytes = png(&svg).expect("a picture");
        let picture = image::load_from_memory(&bytes).expect("PNG").to_rgb8();
        assert_eq!(picture.width(), 1120, "560 units at twice the size");
        let bar = picture
            .pixels()
            .filter(|p| p.0 == [0x31, 0x82, 0xbd])
            .count();
        assert!(bar > 1000, "the bar is drawn in its colour: {bar} pixels");
        let ink = picture
            .pixels()
            .filter(|p| p.0.iter().all(|c| *c < 90))
            .count();
        assert!(
            ink > 200,
            "the label's letters are drawn: {ink} dark pixels"
        );
        assert!(matches!(png("<not svg"), Err(PngError::Svg(_))));
    }
}
