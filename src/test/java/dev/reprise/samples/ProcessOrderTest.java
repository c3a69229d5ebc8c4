package dev.reprise.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.reprise.samples.SampleClient.awaitFinished;
import static dev.reprise.samples.SampleClient.historyEvents;
import static dev.reprise.samples.SampleClient.parse;
import static dev.reprise.samples.SampleClient.scheduledActivities;
import static dev.reprise.samples.SampleClient.start;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ProcessOrderTest {

    static final String SUCCESS = "\"Order processed successfully!\"";
    static final String FAILURE = "\"Order processing failed.\"";

    private static String order(String email, String itemsJson, String card) {
        return "{\"orderId\":\"A-1001\",\"customerEmail\":\"" + email + "\",\"items\":" + itemsJson
                + ",\"paymentCard\":\"" + card + "\"}";
    }

    private static final String GOOD_ITEMS = "[{\"sku\":\"WIDGET\",\"quantity\":2},{\"sku\":\"GADGET\",\"quantity\":1}]";
    private static final String GOOD_CARD = "4111111111111111";

    @Test
    void processOrder_validOrder_runsAllStepsAndSucceeds() {
        String id = start("ProcessOrder", order("ada@example.com", GOOD_ITEMS, GOOD_CARD));
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse(SUCCESS));
        assertThat(status.get("customStatus").isNull()).isTrue();
        assertThat(scheduledActivities(id)).containsExactly("ValidateOrder", "CheckInventory", "ProcessPayment",
                "SendConfirmationEmail");
        // What the payment charged (2 x 25 + 40) and the confirmation written for the customer.
        assertThat(historyEvents(id, "TaskCompleted").stream().map(e -> e.get("result")).toList()).containsExactly(
                parse("{\"ok\":true,\"detail\":\"order A-1001 is valid\"}"),
                parse("{\"ok\":true,\"detail\":\"2 products in stock\"}"),
                parse("{\"ok\":true,\"detail\":\"charged 90 to card ending 1111\"}"),
                SampleClient.JSON.createObjectNode().put("to", "ada@example.com")
                        .put("subject", "Your order A-1001 is confirmed")
                        .put("body", "Thank you for your order A-1001:\n2 x WIDGET at 25\n1 x GADGET at 40\n"
                                + "Total charged: 90\n"));
    }

    @Test
    void processOrder_invalidEmail_failsValidation() {
        assertFailedAt(order("not-an-email", GOOD_ITEMS, GOOD_CARD), "ValidateOrder",
                "customerEmail 'not-an-email' is not a valid e-mail address", "ValidateOrder");
    }

    @Test
    void processOrder_noItems_failsValidation() {
        assertFailedAt(order("ada@example.com", "[]", GOOD_CARD), "ValidateOrder", "the order has no items",
                "ValidateOrder");
    }

    @Test
    void processOrder_noInput_failsValidation() {
        assertFailedAt(null, "ValidateOrder", "no order given", "ValidateOrder");
    }

    @Test
    void processOrder_unknownSku_failsInventory() {
        assertFailedAt(order("ada@example.com", "[{\"sku\":\"DOOHICKEY\",\"quantity\":1}]", GOOD_CARD),
                "CheckInventory", "unknown sku DOOHICKEY", "ValidateOrder", "CheckInventory");
    }

    @Test
    void processOrder_moreThanInStock_failsInventory() {
        // 4 + 2 GIZMO on two lines: 6 wanted, 5 in stock.
        assertFailedAt(order("ada@example.com",
                        "[{\"sku\":\"GIZMO\",\"quantity\":4},{\"sku\":\"GIZMO\",\"quantity\":2}]", GOOD_CARD),
                "CheckInventory", "only 5 of GIZMO in stock, 6 ordered", "ValidateOrder", "CheckInventory");
    }

    @Test
    void processOrder_cardFailsLuhnCheck_failsPayment() {
        assertFailedAt(order("ada@example.com", GOOD_ITEMS, "4111111111111112"), "ProcessPayment",
                "card number is not valid", "ValidateOrder", "CheckInventory", "ProcessPayment");
    }

    @Test
    void processOrder_chargeOverCardLimit_failsPayment() {
        // 30 x 25 + 10 x 40 = 1150 > 1000.
        assertFailedAt(order("ada@example.com",
                        "[{\"sku\":\"WIDGET\",\"quantity\":30},{\"sku\":\"GADGET\",\"quantity\":10}]", GOOD_CARD),
                "ProcessPayment", "charge of 1150 exceeds the card limit of 1000", "ValidateOrder", "CheckInventory",
                "ProcessPayment");
    }

    private static void assertFailedAt(String order, String step, String reason, String... scheduled) {
        String id = start("ProcessOrder", order);
        JsonNode status = awaitFinished(id);

        assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(status.get("output")).isEqualTo(parse(FAILURE));
        assertThat(status.get("customStatus")).isEqualTo(SampleClient.JSON.createObjectNode()
                .put("failedStep", step).put("reason", reason));
        assertThat(scheduledActivities(id)).containsExactly(scheduled);
    }
}
