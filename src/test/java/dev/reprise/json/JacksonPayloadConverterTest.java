package dev.reprise.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payload conversion without Quarkus: how .NET-shaped, misspelt and extra properties are read. */
class JacksonPayloadConverterTest {

    record Trip(String conference, String origin, String destination) {
    }

    record Item(String sku, int quantity) {
    }

    record Order(String orderId, List<Item> items) {
    }

    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    record ExactNames(String conference) {
    }

    record Links(String url, String URL) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lenient(String destination) {
    }

    record Required(@JsonProperty(required = true) String origin, String note) {
    }

    static class Settable {
        public String name;
        public int count;
    }

    private final ObjectMapper app = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final JacksonPayloadConverter converter = new JacksonPayloadConverter(app);

    @Test
    void deserialize_dotNetShapedNames_matchIgnoringCase() {
        Trip trip = converter.deserialize(
                "{\"Conference\":\"KubeCon\",\"ORIGIN\":\"Seattle\",\"destination\":\"San Francisco\"}", Trip.class);

        assertThat(trip).isEqualTo(new Trip("KubeCon", "Seattle", "San Francisco"));
    }

    @Test
    void serialize_afterCaseInsensitiveReads_writesWhatTheApplicationsMapperWrites() throws Exception {
        converter.deserialize("{\"Conference\":\"KubeCon\"}", Trip.class);
        Object[] values = {new Trip("KubeCon", "Seattle", "Paris"), new Order("A-1", List.of(new Item("W", 2))),
                Map.of("Conference", 1), List.of("a", "b"), "text", 42};

        for (Object value : values) {
            assertThat(converter.serialize(value)).isEqualTo(app.writeValueAsString(value));
        }
        assertThat(converter.serialize(new Trip("KubeCon", "Seattle", "Paris")))
                .isEqualTo("{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destination\":\"Paris\"}");
    }

    @Test
    void constructor_applicationsMapper_keepsMatchingNamesExactly() throws Exception {
        converter.deserialize("{\"Conference\":\"KubeCon\"}", Trip.class);

        assertThat(app.readValue("{\"Conference\":\"KubeCon\"}", Trip.class).conference()).isNull();
    }

    @Test
    void deserialize_misspeltProperty_failsNamingItAndTheEmptyProperty() {
        assertThatThrownBy(() -> converter.deserialize(
                "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destinaton\":\"San Francisco\"}", Trip.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read JSON as " + Trip.class.getName() + ": property 'destinaton' is "
                        + "not recognised and 'destination' is empty: did you mean 'destination'? (Trip reads "
                        + "[conference, origin, destination])");
    }

    @Test
    void deserialize_snakeCaseName_failsSuggestingTheJavaName() {
        assertThatThrownBy(() -> converter.deserialize("{\"order_id\":\"A-1\",\"items\":[]}", Order.class))
                .hasMessageContaining("property 'order_id' is not recognised and 'orderId' is empty: "
                        + "did you mean 'orderId'?");
    }

    @Test
    void deserialize_misspeltPropertyInAListElement_failsNamingIt() {
        assertThatThrownBy(() -> converter.deserialize(
                "{\"orderId\":\"A-1\",\"items\":[{\"sku\":\"W\",\"quantity\":1},{\"sku\":\"G\",\"quantiy\":2}]}",
                Order.class))
                .hasMessageContaining("property 'quantiy' is not recognised and 'quantity' is empty: "
                        + "did you mean 'quantity'? (Item reads");
    }

    @Test
    void deserialize_caseOnlyDifferenceOnAnExactNamesType_saysTheNamesDifferOnlyInCase() {
        assertThatThrownBy(() -> converter.deserialize("{\"Conference\":\"KubeCon\"}", ExactNames.class))
                .hasMessageContaining("property 'Conference' is not recognised and 'conference' is empty: the names "
                        + "differ only in case, and ExactNames matches property names exactly; send 'conference'");
    }

    @Test
    void deserialize_unrelatedExtraProperty_isIgnored() {
        Trip trip = converter.deserialize("{\"conference\":\"QCon\",\"origin\":\"London\",\"destination\":\"Paris\","
                + "\"airline\":\"any\",\"travellers\":[1,2]}", Trip.class);

        assertThat(trip).isEqualTo(new Trip("QCon", "London", "Paris"));
    }

    @Test
    void deserialize_lookalikeOfAFilledProperty_isIgnored() {
        Trip trip = converter.deserialize("{\"conference\":\"QCon\",\"origin\":\"London\",\"destination\":\"Paris\","
                + "\"destinations\":[\"Rome\"]}", Trip.class);

        assertThat(trip.destination()).isEqualTo("Paris");
    }

    @Test
    void deserialize_lookalikeBeforeTheSetterFillsTheProperty_isIgnored() {
        Settable read = converter.deserialize("{\"nmae\":\"x\",\"name\":\"widget\",\"count\":2}", Settable.class);

        assertThat(read.name).isEqualTo("widget");
        assertThatThrownBy(() -> converter.deserialize("{\"nmae\":\"widget\",\"count\":2}", Settable.class))
                .hasMessageContaining("property 'nmae' is not recognised and 'name' is empty");
    }

    @Test
    void deserialize_lookalikeOnATypeIgnoringUnknownProperties_isIgnored() {
        assertThat(converter.deserialize("{\"destinaton\":\"Paris\"}", Lenient.class)).isEqualTo(new Lenient(null));
    }

    @Test
    void deserialize_typeWithNamesDifferingOnlyInCase_keepsBoth() {
        Links links = converter.deserialize("{\"url\":\"a\",\"URL\":\"b\"}", Links.class);

        assertThat(links).isEqualTo(new Links("a", "b"));
    }

    @Test
    void deserialize_valueOfTheWrongTypeInAListElement_namesItsPath() {
        assertThatThrownBy(() -> converter.deserialize(
                "{\"orderId\":\"A-1\",\"items\":[{\"sku\":\"W\",\"quantity\":\"two\"}]}", Order.class))
                .hasMessageContaining("at /items/0/quantity: ");
    }

    @Test
    void deserialize_missingRequiredProperty_namesIt() {
        assertThatThrownBy(() -> converter.deserialize("{\"note\":\"n\"}", Required.class))
                .hasMessageContaining("at /origin: Missing required creator property 'origin'");
    }

    @Test
    void deserialize_unknownPropertyWhenTheApplicationFailsOnThem_namesItAndTheCaseOnlyMatch() {
        JacksonPayloadConverter strict = new JacksonPayloadConverter(new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true));

        assertThatThrownBy(() -> strict.deserialize("{\"conference\":\"QCon\",\"airline\":\"any\"}", Trip.class))
                .hasMessageContaining("property 'airline' is not recognised by Trip (Trip reads [");
        assertThatThrownBy(() -> strict.deserialize("{\"Conference\":\"QCon\"}", ExactNames.class))
                .hasMessageContaining("property 'Conference' is not recognised by ExactNames: the names differ only "
                        + "in case");
    }

    @Test
    void deserialize_notJson_failsNamingTheType() {
        assertThatThrownBy(() -> converter.deserialize("{not json", Trip.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read JSON as " + Trip.class.getName());
    }
}
