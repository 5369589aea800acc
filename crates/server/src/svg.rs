//! Charts drawn on the server as SVG: a story's coverage sparkline, and its coverage
//! timeline (originals and copies per hour or day).

use maud::{html, Markup};

/// Bars of `counts` in `width` x `height`; empty when there is nothing to draw.
pub fn sparkline(times: &[i64], width: u32, height: u32, label: &str) -> Markup {
    let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
        return html! {};
    };
    const BINS: usize = 12;
    let span = (last - first).max(1);
    let mut bins = [0u32; BINS];
    for &t in times {
        let i = (((t - first) as f64 / span as f64) * (BINS - 1) as f64).round() as usize;
        bins[i.min(BINS - 1)] += 1;
    }
    let max = bins.iter().copied().max().unwrap_or(1).max(1);
    let w = f64::from(width) / BINS as f64;
    html! {
        svg class="spark" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}"))
            role="img" aria-label=(label) {
            @for (i, &n) in bins.iter().enumerate() {
                @if n > 0 {
                    @let h = (f64::from(n) / f64::from(max) * f64::from(height - 2)).max(2.0);
                    rect x=(format!("{:.1}", i as f64 * w + 0.5)) y=(format!("{:.1}", f64::from(height) - h))
                        width=(format!("{:.1}", (w - 1.0).max(1.0))) height=(format!("{h:.1}")) {}
                }
            }
        }
    }
}

/// One bar of the coverage chart: a bucket's start label, originals and copies.
pub struct Bucket {
    pub label: String,
    pub originals: u32,
    pub copies: u32,
}

/// Stacked bars, originals below copies, with the first and last bucket labelled.
pub fn coverage(buckets: &[Bucket], label: &str) -> Markup {
    if buckets.is_empty() {
        return html! {};
    }
    let (width, height, base) = (640.0_f64, 140.0_f64, 118.0_f64);
    let max = buckets
        .iter()
        .map(|b| b.originals + b.copies)
        .max()
        .unwrap_or(1)
        .max(1);
    let w = width / buckets.len() as f64;
    let scale = (base - 22.0) / f64::from(max);
    html! {
        svg class="coverage" viewBox=(format!("0 0 {width} {height}")) role="img" aria-label=(label) {
            title { (label) }
            line x1="0" y1=(base) x2=(width) y2=(base) class="axis" {}
            @for (i, b) in buckets.iter().enumerate() {
                @let x = i as f64 * w + 1.0;
                @let ho = f64::from(b.originals) * scale;
                @let hc = f64::from(b.copies) * scale;
                @if b.originals > 0 {
                    rect class="orig" x=(format!("{x:.1}")) y=(format!("{:.1}", base - ho))
                        width=(format!("{:.1}", (w - 2.0).max(1.0))) height=(format!("{ho:.1}")) {
                        title { (b.label) ": " (b.originals) " original" @if b.originals != 1 { "s" } }
                    }
                }
                @if b.copies > 0 {
                    rect class="copy" x=(format!("{x:.1}")) y=(format!("{:.1}", base - ho - hc))
                        width=(format!("{:.1}", (w - 2.0).max(1.0))) height=(format!("{hc:.1}")) {
                        title { (b.label) ": " (b.copies) " cop" @if b.copies == 1 { "y" } @else { "ies" } }
                    }
                }
            }
            text x="0" y=(height - 4.0) class="tick" { (buckets[0].label) }
            @if buckets.len() > 1 {
                text x=(width) y=(height - 4.0) class="tick" text-anchor="end" { (buckets[buckets.len() - 1].label) }
            }
            text x=(width) y="12" class="tick" text-anchor="end" { (max) " max" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_has_a_bar_per_busy_bin_and_nothing_for_no_times() {
        let s = sparkline(&[0, 0, 100], 96, 20, "coverage").into_string();
        assert_eq!(s.matches("<rect").count(), 2, "{s}");
        assert!(sparkline(&[], 96, 20, "x").into_string().is_empty());
    }

    #[test]
    fn coverage_stacks_copies_on_originals_and_labels_the_ends() {
        let b = |label: &str, originals, copies| Bucket {
            label: label.into(),
            originals,
            copies,
        };
        let s = coverage(&[b("06:00", 1, 2), b("07:00", 0, 1)], "chart").into_string();
        assert_eq!(s.matches("class=\"orig\"").count(), 1);
        assert_eq!(s.matches("class=\"copy\"").count(), 2);
        assert!(s.contains("06:00") && s.contains("07:00"), "{s}");
    }
}
