package dev.keepword.app;

import java.util.List;
import java.util.Map;

/**
 * Draws the summary's chart: each side's on-time reliability per week, as PNG bytes. A charting library implements
 * it outside the app; {@link #NONE} draws nothing (the summary then goes out without a chart).
 */
public interface ChartRenderer {

    /**
     * @param weeks  the x-axis labels, oldest first
     * @param series per series name (a side), the percentage kept on time each week; null where nothing fell due
     * @return the PNG, or an empty array when nothing can be drawn
     */
    byte[] onTimeByWeek(String title, List<String> weeks, Map<String, List<Double>> series);

    ChartRenderer NONE = (title, weeks, series) -> new byte[0];
}
