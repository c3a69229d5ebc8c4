package dev.reprise.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.impl.BeanPropertyMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps exact property-name matching for a type whose own properties differ only in case ({@code url} and
 * {@code URL}): matched ignoring case, both JSON properties would land in one of them and the other would be lost.
 */
final class ExactNamesOnCollision extends BeanDeserializerModifier {

    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                  JsonDeserializer<?> deserializer) {
        if (!(deserializer instanceof BeanDeserializerBase bean) || !bean.isCaseInsensitive()) {
            return deserializer;
        }
        List<SettableBeanProperty> properties = new ArrayList<>();
        bean.properties().forEachRemaining(properties::add);
        Set<String> seen = new HashSet<>();
        boolean collide = false;
        for (SettableBeanProperty property : properties) {
            collide |= !seen.add(property.getName().toLowerCase(Locale.ROOT));
        }
        if (!collide) {
            return deserializer;
        }
        return bean.withBeanProperties(BeanPropertyMap.construct(config, properties, aliases(config, properties),
                false));
    }

    /** The {@code @JsonAlias} names of each property, which a rebuilt property map must keep. */
    private static Map<String, List<PropertyName>> aliases(DeserializationConfig config,
                                                           List<SettableBeanProperty> properties) {
        Map<String, List<PropertyName>> aliases = new HashMap<>();
        var introspector = config.getAnnotationIntrospector();
        for (SettableBeanProperty property : properties) {
            if (introspector == null || property.getMember() == null) {
                continue;
            }
            List<PropertyName> names = introspector.findPropertyAliases(property.getMember());
            if (names != null && !names.isEmpty()) {
                aliases.put(property.getName(), names);
            }
        }
        return aliases;
    }
}
