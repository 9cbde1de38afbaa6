package org.diffumatting.data.build;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceSpec;

/** A tiny generated cache (no third-party files): 3 emoji SVGs + names, 2 Noto-style PNGs, 4 clip-art PNGs. */
public final class FixtureCache {
    private FixtureCache() {}

    static final String FACE = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 36 36'><circle cx='18' cy='18' r='17' fill='#FFCC4D'/>"
            + "<ellipse cx='12' cy='14' rx='2.5' ry='3.5' fill='#664500'/><ellipse cx='24' cy='14' rx='2.5' ry='3.5' fill='#664500'/>"
            + "<path d='M9 22 Q18 31 27 22' stroke='#664500' stroke-width='2' fill='none'/></svg>";
    static final String HEART = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 36 36'><path fill='#DD2E44' d='M35.9 11.3c0-5-4-9-9-9"
            + "-3 0-5.7 1.5-7.3 3.8C18 3.8 15.4 2.3 12.3 2.3c-5 0-9 4-9 9 0 .7.1 1.4.3 2.1C4.9 21.6 14.1 30.6 18.6 32.7c4.5-2.1 13.7-11.1"
            + " 15-19.3.2-.7.3-1.4.3-2.1z'/></svg>";
    static final String ROCKET = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 40'><rect x='6' y='6' width='8' height='26' rx='4'"
            + " fill='#99AAB5'/><polygon points='10,0 15,8 5,8' fill='#DD2E44'/><rect x='8' y='32' width='4' height='6' fill='#F4900C' opacity='0.6'/></svg>";
    static final String EMOJI_JSON = "[{\"name\":\"GRINNING FACE\",\"unified\":\"1F600\",\"non_qualified\":null,\"short_names\":[\"grinning\"],"
            + "\"category\":\"Smileys & Emotion\",\"subcategory\":\"face-smiling\"},"
            + "{\"name\":\"RED HEART\",\"unified\":\"2764-FE0F\",\"non_qualified\":\"2764\",\"short_names\":[\"heart\"],"
            + "\"category\":\"Smileys & Emotion\",\"subcategory\":\"heart\"},"
            + "{\"name\":\"ROCKET\",\"unified\":\"1F680\",\"non_qualified\":null,\"short_names\":[\"rocket\"],"
            + "\"category\":\"Travel & Places\",\"subcategory\":\"transport-air\"}]";

    /** Writes the fixture cache under {@code root} with completion markers matching the bundled catalog. */
    public static CacheLayout create(Path root) throws IOException {
        CacheLayout cache = new CacheLayout(root);
        SourceCatalog cat = SourceCatalog.bundled();
        Path tw = cache.sourceDir(cat.get("twemoji")).resolve("package/dist/svg");
        Files.createDirectories(tw);
        Files.writeString(tw.resolve("1f600.svg"), FACE);
        Files.writeString(tw.resolve("2764.svg"), HEART);
        Files.writeString(tw.resolve("1f680.svg"), ROCKET);
        Files.writeString(tw.resolve("1f9ff.svg"), FACE); // no name in emoji.json: reported as skipped
        Path names = cache.sourceDir(cat.get("emoji-names")).resolve("package");
        Files.createDirectories(names);
        Files.writeString(names.resolve("emoji.json"), EMOJI_JSON);
        Path noto = cache.sourceDir(cat.get("noto")).resolve("package/img/google/64");
        Files.createDirectories(noto);
        ImageIO.write(disc(64, new Color(250, 200, 60), 0), "png", noto.resolve("1f600.png").toFile());
        ImageIO.write(disc(64, new Color(220, 40, 60), 1), "png", noto.resolve("2764-fe0f.png").toFile());
        Path oc = cache.sourceDir(cat.get("openclipart")).resolve("usr/share/openclipart/png");
        Files.createDirectories(oc.resolve("animals"));
        Files.createDirectories(oc.resolve("tools"));
        ImageIO.write(disc(90, new Color(120, 90, 60), 2), "png", oc.resolve("animals/brown_cat_john_doe_01.png").toFile());
        ImageIO.write(disc(70, new Color(90, 90, 100), 3), "png", oc.resolve("tools/hammer_jane_roe_01.png").toFile());
        ImageIO.write(disc(80, new Color(30, 140, 60), 4), "png", oc.resolve("tools/green_saw_john_doe_.png").toFile());
        BufferedImage opaque = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB); // no transparency: skipped
        ImageIO.write(opaque, "png", oc.resolve("tools/photo_of_pliers_jane_roe_02.png").toFile());
        // background photos: a smooth gradient "photo" per background source
        int k = 0;
        for (SourceSpec spec : cat.all()) {
            if (!spec.role().equals("backgrounds")) continue;
            Path dir = cache.sourceDir(spec).resolve("photos");
            Files.createDirectories(dir);
            for (int i = 0; i < 3; i++, k++) {
                BufferedImage photo = new BufferedImage(90, 60, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 60; y++)
                    for (int x = 0; x < 90; x++) photo.setRGB(x, y, ((x * 2 + k * 20) & 255) << 16 | ((y * 3) & 255) << 8 | ((k * 37) & 255));
                ImageIO.write(photo, i == 0 ? "jpg" : "png", dir.resolve("photo" + i + (i == 0 ? ".jpg" : ".png")).toFile());
            }
            Files.writeString(cache.completeMarker(spec), spec.sha256() + "\n");
        }
        for (String s : new String[] {"twemoji", "emoji-names", "noto", "openclipart"}) {
            SourceSpec spec = cat.get(s);
            Files.writeString(cache.completeMarker(spec), spec.sha256() + "\n");
        }
        return cache;
    }

    /** An anti-aliased shape with a soft shadow-free rim on a transparent canvas. */
    static BufferedImage disc(int n, Color c, int variant) {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(c);
        g.fillOval(n / 8, n / 6 + variant, n * 3 / 4 - variant, n * 2 / 3);
        g.setColor(c.darker());
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(n / 4, n / 2, n * 3 / 4, n / 2 - variant * 3);
        g.dispose();
        return img;
    }
}
