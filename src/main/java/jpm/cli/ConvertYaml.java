package jpm.cli;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The YAML that {@code jpm convert} writes: block style, and a comment on each value found in
 * {@link ComputedValues}: at the end of a scalar's line, or on a line of its own above the key of
 * a list or map. Pure.
 */
final class ConvertYaml {
    // the reader's schema (jpm.ecosystem.YamlReader): a string such as "NULL" or "True" is quoted, not read back as null or a boolean
    private static final DumpSettings SETTINGS = DumpSettings.builder().setSchema(new CoreSchema()).setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
            .setIndicatorIndent(2).setIndentWithIndicator(true).setDumpComments(true).build();

    private ConvertYaml() {}

    static String dump(Object tree, Map<List<Object>, String> comments) {
        Node root = new StandardRepresenter(SETTINGS).represent(tree);
        comments.forEach((path, text) -> attach(root, path, text));
        StringWriterStream out = new StringWriterStream();
        new Dump(SETTINGS).dumpNode(root, out);
        return out.toString();
    }

    private static void attach(Node root, List<Object> path, String text) {
        Node parentKey = null;
        Node node = root;
        for (Object step : path) {
            if (node instanceof MappingNode m && step instanceof String key) {
                NodeTuple t = m.getValue().stream().filter(x -> x.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                        .findFirst().orElse(null);
                if (t == null) return;
                parentKey = t.getKeyNode();
                node = t.getValueNode();
            } else if (node instanceof SequenceNode s && step instanceof Integer i && i < s.getValue().size()) {
                parentKey = null;
                node = s.getValue().get(i);
            } else {
                return;
            }
        }
        if (node instanceof ScalarNode) {
            node.setInLineComments(add(node.getInLineComments(), text, CommentType.IN_LINE));
        } else if (parentKey != null) {
            parentKey.setBlockComments(add(parentKey.getBlockComments(), text, CommentType.BLOCK));
        } else if (node instanceof MappingNode m && !m.getValue().isEmpty()) { // a list item that is a map: above its first key
            Node first = m.getValue().getFirst().getKeyNode();
            first.setBlockComments(add(first.getBlockComments(), text, CommentType.BLOCK));
        }
    }

    private static List<CommentLine> add(List<CommentLine> existing, String text, CommentType type) {
        List<CommentLine> out = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
        out.add(new CommentLine(Optional.empty(), Optional.empty(), " " + text, type));
        return out;
    }

    private static final class StringWriterStream extends StringWriter implements StreamDataWriter {
        @Override
        public void flush() {
            super.flush();
        }
    }
}
