package dev.keepword.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The on-time chart is a real PNG of the right size with both sides' bars drawn in their colours. */
class XChartRendererTest {

    @Test
    void drawsEachSidesWeeklyOnTimePercentageAsAPng() throws IOException {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("Client", Arrays.asList(100.0, 50.0, null, 0.0, 75.0, 100.0, null, 66.7));
        series.put("Consultancy", Arrays.asList(100.0, 100.0, 100.0, null, 50.0, 100.0, 100.0, 100.0));
        List<String> weeks = List.of("5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov");

        byte[] png = new XChartRenderer().onTimeByWeek("#acme: kept on time per week", weeks, series);

        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(XChartRenderer.WIDTH, image.getWidth());
        assertEquals(XChartRenderer.HEIGHT, image.getHeight());
        int blue = 0;
        int orange = 0;
        int white = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                blue += rgb == 0x2E6FB7 ? 1 : 0;
                orange += rgb == 0xE08A1E ? 1 : 0;
                white += rgb == 0xFFFFFF ? 1 : 0;
            }
        }
        assertTrue(blue > 2_000, "client bars drawn: " + blue);
        assertTrue(orange > 2_000, "consultancy bars drawn: " + orange);
        assertTrue(white < image.getWidth() * image.getHeight() * 0.95, "not blank");
    }

    @Test
    void drawsNothingWithoutWeeks() {
        assertEquals(0, new XChartRenderer().onTimeByWeek("t", List.of(), Map.of()).length);
    }
}
