package dev.keepword.report;

import dev.keepword.app.ChartRenderer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Draws each side's on-time percentage per week as grouped bars with XChart, headless, as a PNG. A week in which
 * nothing fell due for a side has no bar (not a zero: nobody failed).
 */
public final class XChartRenderer implements ChartRenderer {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 400;
    private static final List<Color> COLOURS = List.of(new Color(0x2E, 0x6F, 0xB7), new Color(0xE0, 0x8A, 0x1E));

    static {
        System.setProperty("java.awt.headless", "true"); // a server has no display; charts still draw
    }

    @Override
    public byte[] onTimeByWeek(String title, List<String> weeks, Map<String, List<Double>> series) {
        if (weeks.isEmpty() || series.isEmpty()) {
            return new byte[0];
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("week starting").yAxisTitle("% kept on time").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(COLOURS.toArray(new Color[0]));
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setLabelsVisible(true); // a 0% week has no bar height: its label says 0
        for (Map.Entry<String, List<Double>> s : series.entrySet()) {
            // XChart leaves a null value out: no bar for a week in which nothing fell due.
            chart.addSeries(s.getKey(), weeks, s.getValue().stream().map(v -> (Number) v).toList());
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("the chart could not be encoded", e);
        }
    }
}
