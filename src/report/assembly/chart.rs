//! The assembly's charts, drawn by plotters on any of its backends: SVG for the page, the PDF
//! backend of `pdf.rs` for the printed copy. Floating point here is geometry, never money.

use plotters::coord::Shift;
use plotters::prelude::*;

/// A chart's size, in the backends' units (SVG pixels).
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 280;

const COLOURS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// One series of a chart: its name and a value per label, in hundredths (cents, hundredths of
/// an hour, a count times 100).
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub hundredths: Vec<i64>,
}

impl Series {
    /// The values as the chart's coordinates: the only place they become floating point.
    fn values(&self) -> Vec<f64> {
        self.hundredths.iter().map(|&v| v as f64 / 100.0).collect()
    }
}

/// A chart: bars for the first series when `bars`, lines for the others (all lines
/// otherwise), over the labels.
#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    pub bars: bool,
}

/// The charts' font: the bundled DejaVu Sans, registered once.
fn font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let regular = crate::report::pdf_font::REGULAR;
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, regular);
    });
}

/// The range of a chart's values, with room above (and below, if any is negative).
fn span(values: impl IntoIterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values
        .into_iter()
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.08).max(1.0);
    (if lo < 0.0 { lo - pad } else { 0.0 })..hi + pad
}

/// Draws the chart on a drawing area of `WIDTH` × `HEIGHT`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart) {
    font();
    let _ = root.fill(&WHITE);
    let all: Vec<f64> = chart.series.iter().flat_map(Series::values).collect();
    let n = chart.labels.len().max(1);
    // Small counts (members) get a mark per unit, not repeated rounded marks.
    let top = all.iter().copied().fold(0.0f64, f64::max);
    let marks = if top < 10.0 {
        top.ceil() as usize + 2
    } else {
        10
    };
    let built = ChartBuilder::on(root)
        .caption(&chart.title, ("sans-serif", 15))
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(64)
        .build_cartesian_2d((0..n).into_segmented(), span(all.iter().copied()));
    let Ok(mut c) = built else {
        return;
    };
    let label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            chart.labels.get(*i).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    let _ = c
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(13))
        .x_label_formatter(&label)
        .y_labels(marks)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw();
    for (k, s) in chart.series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let values = s.values();
        let drawn = if chart.bars && k == 0 {
            // Each bar a rectangle of its own, in order (plotters' histogram keeps its bars
            // in a hash map: their order, and so the bytes, would vary by run).
            c.draw_series(values.iter().enumerate().map(|(i, v)| {
                let corners = [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), *v),
                ];
                let mut bar = Rectangle::new(corners, colour.filled());
                bar.set_margin(0, 0, 6, 6);
                bar
            }))
        } else {
            let points = values.iter().enumerate();
            c.draw_series(LineSeries::new(
                points.map(|(i, v)| (SegmentValue::CenterOf(i), *v)),
                colour.stroke_width(2),
            ))
        };
        if let Ok(drawn) = drawn {
            drawn.label(s.name.as_str()).legend(move |(x, y)| {
                Rectangle::new([(x, y - 4), (x + 12, y + 4)], colour.filled())
            });
        }
    }
    if chart.series.len() > 1 || !chart.bars {
        let _ = c
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 11))
            .draw();
    }
    let _ = root.present();
}

/// The chart as SVG.
pub fn svg(chart: &Chart) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, chart);
    }
    svg
}
