package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.internal.PlatformDependent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * What a soak samples of its own JVM every few seconds (heap after a full collection, resident
 * memory, nodemesh's threads, open file descriptors, direct memory), written as CSV, drawn as a
 * PNG, and checked for growth.
 *
 * <p>The growth criterion, per figure: leaving out the first sample (the warm-up), the mean of the
 * last third of the samples may exceed the mean of the first third by at most a share and an
 * absolute slack: heap 25 % + 8 MiB, resident memory 10 % + 32 MiB, direct memory 10 % + 16 MiB,
 * file descriptors + 4, threads + 0. A leak of a few kilobytes per operation grows past these in
 * minutes; the noise of collections and pools does not.
 */
public final class SoakSamples {

    /**
     * One sample.
     *
     * @param seconds since the first sample
     * @param heapBytes heap in use after a full collection
     * @param residentBytes the process's resident set
     * @param threads live threads whose names start with {@code nodemesh-}
     * @param fileDescriptors open file descriptors
     * @param directBytes direct memory in use (Netty's counter and the JDK's pool)
     */
    public record Sample(
            double seconds, long heapBytes, long residentBytes, int threads, int fileDescriptors, long directBytes) {}

    private record Figure(String name, ToDoubleFunction<Sample> value, double share, double slack, Color color) {}

    private static final double MIB = 1 << 20;
    private static final List<Figure> FIGURES = List.of(
            new Figure("heap after GC, MiB", s -> s.heapBytes() / MIB, 0.25, 8, new Color(0x1f77b4)),
            new Figure("resident, MiB", s -> s.residentBytes() / MIB, 0.10, 32, new Color(0xd62728)),
            new Figure("direct, MiB", s -> s.directBytes() / MIB, 0.10, 16, new Color(0x2ca02c)),
            new Figure("file descriptors", Sample::fileDescriptors, 0, 4, new Color(0x9467bd)),
            new Figure("nodemesh threads", Sample::threads, 0, 0, new Color(0xff7f0e)));

    private final List<Sample> samples = new ArrayList<>();
    private final long start = System.nanoTime();

    /** Takes a sample now (after a full collection). */
    public void take() {
        System.gc();
        String[] fds = new File("/proc/self/fd").list();
        long jdkDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
        samples.add(new Sample(
                (System.nanoTime() - start) / 1e9,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                resident(),
                (int) Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && t.getName().startsWith("nodemesh-"))
                        .count(),
                fds == null ? 0 : fds.length,
                Math.max(0, PlatformDependent.usedDirectMemory()) + jdkDirect));
    }

    private static long resident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the samples taken.
     *
     * @return the samples, oldest first
     */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Fails when a figure grew beyond the criterion in the class comment. */
    public void assertNoGrowth() {
        assertThat(samples.size()).as("samples (at least 4 are needed)").isGreaterThanOrEqualTo(4);
        List<Sample> steady = samples.subList(1, samples.size());
        int third = Math.max(1, steady.size() / 3);
        for (Figure figure : FIGURES) {
            double first = mean(steady.subList(0, third), figure.value());
            double last = mean(steady.subList(steady.size() - third, steady.size()), figure.value());
            assertThat(last)
                    .as(
                            "%s: mean of the last third against the first third (%.1f) + %.0f %% + %.0f",
                            figure.name(), first, figure.share() * 100, figure.slack())
                    .isLessThanOrEqualTo(first * (1 + figure.share()) + figure.slack());
        }
    }

    private static double mean(List<Sample> part, ToDoubleFunction<Sample> value) {
        return part.stream().mapToDouble(value).average().orElse(0);
    }

    /**
     * Writes the samples as CSV into a directory.
     *
     * @param directory where (created when missing)
     * @return the file written
     */
    public Path write(Path directory) {
        StringBuilder csv =
                new StringBuilder("seconds,heap_bytes,resident_bytes,threads,file_descriptors,direct_bytes\n");
        for (Sample s : samples) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%.1f,%d,%d,%d,%d,%d%n",
                    s.seconds(),
                    s.heapBytes(),
                    s.residentBytes(),
                    s.threads(),
                    s.fileDescriptors(),
                    s.directBytes()));
        }
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("soak-" + Instant.now().toString().replace(':', '-') + ".csv");
            Files.writeString(file, csv);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Draws every figure against time, one small chart per figure, into a PNG.
     *
     * @param file the PNG
     * @param title the title above the charts
     */
    public void plot(Path file, String title) {
        int width = 900;
        int chartHeight = 150;
        int top = 40;
        BufferedImage image = new BufferedImage(width, top + FIGURES.size() * chartHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxSeconds = samples.isEmpty()
                ? 1
                : Math.max(1, samples.get(samples.size() - 1).seconds());
        for (int f = 0; f < FIGURES.size(); f++) {
            Figure figure = FIGURES.get(f);
            int y0 = top + f * chartHeight;
            int left = 80;
            int right = width - 20;
            int plotTop = y0 + 20;
            int plotBottom = y0 + chartHeight - 25;
            double max = samples.stream().mapToDouble(figure.value()).max().orElse(1);
            double scale = max <= 0 ? 1 : max * 1.1;
            g.setColor(Color.GRAY);
            g.drawRect(left, plotTop, right - left, plotBottom - plotTop);
            g.setColor(Color.BLACK);
            g.drawString(figure.name(), left, y0 + 15);
            g.drawString(String.format(Locale.ROOT, "%.0f", scale), 10, plotTop + 10);
            g.drawString("0", 10, plotBottom);
            g.drawString(String.format(Locale.ROOT, "%.0f s", maxSeconds), right - 40, plotBottom + 15);
            g.setColor(figure.color());
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (Sample s : samples) {
                int x = left + (int) ((right - left) * s.seconds() / maxSeconds);
                int y = plotBottom
                        - (int) ((plotBottom - plotTop) * figure.value().applyAsDouble(s) / scale);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 2, y - 2, 4, 4);
                px = x;
                py = y;
            }
        }
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
