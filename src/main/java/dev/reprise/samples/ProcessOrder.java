package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.OrchestrationContext;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Function chaining with business checks: validates an order, checks stock, takes payment and sends the
 * confirmation, one activity after the other. A failed check is an ordinary outcome, not an error: the instance
 * <em>completes</em> with a failure message, stops at the failed step, and says in its custom status which step
 * failed and why.
 *
 * <h2>Contract</h2>
 * Input ({@link Order}):
 * <pre>{@code
 * {"orderId": "A-1001", "customerEmail": "ada@example.com",
 *  "items": [{"sku": "WIDGET", "quantity": 2}, {"sku": "GADGET", "quantity": 1}],
 *  "paymentCard": "4111111111111111"}
 * }</pre>
 * Output: the JSON string {@code "Order processed successfully!"}, or {@code "Order processing failed."} with custom
 * status {@code {"failedStep": "<activity>", "reason": "<why>"}}.
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>{@code ValidateOrder} fails an order with a blank {@code orderId}, a {@code customerEmail} that is not of the
 *       form {@code name@domain.tld}, no items, an item with a blank sku, or a quantity below 1 (and a missing
 *       input).</li>
 *   <li>{@code CheckInventory} fails an order naming a sku not in the catalog, or asking for more than is in stock
 *       (quantities of the same sku add up). Catalog: WIDGET 25 each, 100 in stock; GADGET 40 each, 10 in stock;
 *       GIZMO 15 each, 5 in stock.</li>
 *   <li>{@code ProcessPayment} charges the catalog price × quantity; it declines a card number that is not 13 to 19
 *       digits passing the Luhn checksum (e.g. {@code 4111111111111112}), and any charge over 1000 (the card
 *       limit).</li>
 *   <li>{@code SendConfirmationEmail} writes the confirmation (recipient, subject, body); it runs only when payment
 *       was taken.</li>
 * </ul>
 * The example above succeeds (charge 2 × 25 + 40 = 90).
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class ProcessOrder {

    static final String SUCCESS = "Order processed successfully!";
    static final String FAILURE = "Order processing failed.";

    /** Largest single charge the payment step accepts. */
    static final int CARD_LIMIT = 1000;

    /** One order line. */
    @RegisterForReflection
    public record OrderItem(String sku, int quantity) {
    }

    /** The orchestration's input. */
    @RegisterForReflection
    public record Order(String orderId, String customerEmail, List<OrderItem> items, String paymentCard) {
    }

    /** The outcome of one step: {@code ok}, and what was done or why it was refused. */
    @RegisterForReflection
    public record StepResult(boolean ok, String detail) {

        static StepResult ok(String detail) {
            return new StepResult(true, detail);
        }

        static StepResult refused(String reason) {
            return new StepResult(false, reason);
        }
    }

    /** The custom status of an order that failed a check. */
    @RegisterForReflection
    public record FailedCheck(String failedStep, String reason) {
    }

    /** A confirmation e-mail, as composed by SendConfirmationEmail. */
    @RegisterForReflection
    public record Confirmation(String to, String subject, String body) {
    }

    @RegisterForReflection // not serialised today; NativeImageConfigIT wants every sample record registered
    private record Product(int price, int stock) {
    }

    static final Map<String, Product> CATALOG = Map.of(
            "WIDGET", new Product(25, 100),
            "GADGET", new Product(40, 10),
            "GIZMO", new Product(15, 5));

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    @Produces
    @Orchestrator("ProcessOrder")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction processOrder() {
        return ctx -> {
            Order order = ctx.getInput(Order.class);
            for (String step : List.of("ValidateOrder", "CheckInventory", "ProcessPayment")) {
                StepResult result = ctx.callActivity(step, order, StepResult.class).await();
                if (!result.ok()) {
                    return fail(ctx, step, result.detail());
                }
            }
            ctx.callActivity("SendConfirmationEmail", order, Confirmation.class).await();
            return SUCCESS;
        };
    }

    private static String fail(OrchestrationContext ctx, String step, String reason) {
        ctx.getReplaySafeLogger(ProcessOrder.class).infof("Order of instance '%s' failed %s: %s",
                ctx.getInstanceId(), step, reason);
        ctx.setCustomStatus(new FailedCheck(step, reason));
        return FAILURE;
    }

    // ---- activities ----

    @Produces
    @Activity("ValidateOrder")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction validateOrder() {
        return ctx -> validate(ctx.getInput(Order.class));
    }

    static StepResult validate(Order order) {
        if (order == null) {
            return StepResult.refused("no order given");
        }
        if (order.orderId() == null || order.orderId().isBlank()) {
            return StepResult.refused("orderId is missing");
        }
        if (order.customerEmail() == null || !EMAIL.matcher(order.customerEmail().strip()).matches()) {
            return StepResult.refused("customerEmail '" + order.customerEmail() + "' is not a valid e-mail address");
        }
        if (order.items() == null || order.items().isEmpty()) {
            return StepResult.refused("the order has no items");
        }
        for (int i = 0; i < order.items().size(); i++) {
            OrderItem item = order.items().get(i);
            if (item == null || item.sku() == null || item.sku().isBlank()) {
                return StepResult.refused("item " + (i + 1) + " has no sku");
            }
            if (item.quantity() < 1) {
                return StepResult.refused("item " + (i + 1) + " (" + item.sku() + ") has quantity "
                        + item.quantity() + "; at least 1 is needed");
            }
        }
        return StepResult.ok("order " + order.orderId() + " is valid");
    }

    @Produces
    @Activity("CheckInventory")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction checkInventory() {
        return ctx -> {
            Order order = ctx.getInput(Order.class);
            Map<String, Integer> wanted = new LinkedHashMap<>();
            for (OrderItem item : order.items()) {
                wanted.merge(item.sku().strip(), item.quantity(), Math::addExact);
            }
            for (Map.Entry<String, Integer> line : wanted.entrySet()) {
                Product product = CATALOG.get(line.getKey());
                if (product == null) {
                    return StepResult.refused("unknown sku " + line.getKey());
                }
                if (line.getValue() > product.stock()) {
                    return StepResult.refused("only " + product.stock() + " of " + line.getKey() + " in stock, "
                            + line.getValue() + " ordered");
                }
            }
            return StepResult.ok(wanted.size() + " products in stock");
        };
    }

    @Produces
    @Activity("ProcessPayment")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction processPayment() {
        return ctx -> {
            Order order = ctx.getInput(Order.class);
            String card = order.paymentCard() == null ? "" : order.paymentCard().replace(" ", "");
            if (!luhnValid(card)) {
                return StepResult.refused("card number is not valid");
            }
            int amount = amount(order);
            if (amount > CARD_LIMIT) {
                return StepResult.refused("charge of " + amount + " exceeds the card limit of " + CARD_LIMIT);
            }
            return StepResult.ok("charged " + amount + " to card ending " + card.substring(card.length() - 4));
        };
    }

    @Produces
    @Activity("SendConfirmationEmail")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction sendConfirmationEmail() {
        return ctx -> {
            Order order = ctx.getInput(Order.class);
            StringBuilder body = new StringBuilder("Thank you for your order " + order.orderId() + ":\n");
            for (OrderItem item : order.items()) {
                Product product = CATALOG.get(item.sku().strip());
                body.append(item.quantity()).append(" x ").append(item.sku().strip()).append(" at ")
                        .append(product.price()).append('\n');
            }
            body.append("Total charged: ").append(amount(order)).append('\n');
            return new Confirmation(order.customerEmail().strip(), "Your order " + order.orderId() + " is confirmed",
                    body.toString());
        };
    }

    /** Catalog price × quantity over all items. */
    static int amount(Order order) {
        int amount = 0;
        for (OrderItem item : order.items()) {
            amount = Math.addExact(amount, Math.multiplyExact(CATALOG.get(item.sku().strip()).price(),
                    item.quantity()));
        }
        return amount;
    }

    /** The Luhn checksum of payment card numbers: 13 to 19 digits whose weighted digit sum is a multiple of 10. */
    static boolean luhnValid(String number) {
        if (number.length() < 13 || number.length() > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(number.length() - 1 - i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
