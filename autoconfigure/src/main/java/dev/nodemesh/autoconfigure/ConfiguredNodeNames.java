package dev.nodemesh.autoconfigure;

import dev.nodemesh.NodeName;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Reads the node names listed in a property, failing on the first invalid one with its index. */
final class ConfiguredNodeNames {

    private ConfiguredNodeNames() {}

    /**
     * Parses full node names.
     *
     * @param property the list property, such as {@code nodemesh.connect.nodes}
     * @param names the names, each {@code alive@host}
     * @return the names, in order, without duplicates
     * @throws InvalidConfigurationPropertyValueException naming the entry that is not a node name
     */
    static List<NodeName> parse(String property, List<String> names) {
        List<NodeName> parsed = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            try {
                NodeName node = NodeName.parse(name == null ? null : name.strip());
                if (!parsed.contains(node)) {
                    parsed.add(node);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", name, e.getMessage());
            }
        }
        return List.copyOf(parsed);
    }
}
