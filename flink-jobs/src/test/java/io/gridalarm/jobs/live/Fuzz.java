package io.gridalarm.jobs.live;

import io.gridalarm.jobs.local.TopicFeeder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed records that can never be valid (so the alarms of the good records around them are known): random
 * bytes, good lines cut short, unknown meters, unreadable times and wrongly typed fields.
 */
final class Fuzz {

    private Fuzz() {
    }

    /**
     * The good lines with {@code count} bad ones spread among them at random places, each made from the good line
     * next to it: a meter the registry does not know sends the time of day its neighbours send (a line's time moves
     * the input's clock before its meter is looked up; a far-off time is a forgery, which the topics' ACLs keep out).
     */
    static List<TopicFeeder.Line> interleave(List<TopicFeeder.Line> good, int count, String eventsTopic,
                                             String readsTopic, Random random) {
        List<TopicFeeder.Line> mixed = new ArrayList<>(good.size() + count);
        int g = 0;
        int b = 0;
        while (g < good.size() || b < count) {
            boolean takeBad = b < count && (g >= good.size() || random.nextInt(good.size() + count) < count);
            if (takeBad) {
                TopicFeeder.Line model = good.get(Math.min(g, good.size() - 1));
                String topic = random.nextBoolean() ? eventsTopic : readsTopic;
                mixed.add(new TopicFeeder.Line(topic, null, model.timeMillis(), malformed(model, b++, random)));
            } else {
                mixed.add(good.get(g++));
            }
        }
        return mixed;
    }

    static byte[] malformed(TopicFeeder.Line model, int n, Random random) {
        String text = new String(model.bytes(), StandardCharsets.UTF_8);
        return switch (n % 5) {
            case 0 -> {
                byte[] noise = new byte[1 + random.nextInt(120)];
                random.nextBytes(noise);
                noise[0] = (byte) ('x');
                yield noise;
            }
            case 1 -> text.substring(0, 1 + random.nextInt(Math.max(1, text.length() - 2)))
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> text.replaceFirst("\"meterId\":\"[^\"]*\"", "\"meterId\":\"FUZZ-" + n + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> text.replaceFirst("\"(time|start)\":\"[^\"]*\"", "\"$1\":\"yesterday-" + n + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            default -> ("{\"meterId\":" + n + ",\"time\":[1,2],\"code\":{},\"start\":false}")
                    .getBytes(StandardCharsets.UTF_8);
        };
    }
}
