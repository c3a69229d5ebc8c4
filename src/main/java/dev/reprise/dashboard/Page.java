package dev.reprise.dashboard;

import java.util.Arrays;
import java.util.List;

/**
 * What the layout of every page needs.
 *
 * @param title       the page's title
 * @param base        the dashboard's absolute path, for {@code <base href>}
 * @param csrf        the token the page sends back in the CSRF header of every POST
 * @param taskHub     the task hub this service serves
 * @param nav         the navigation, with the current section marked
 * @param signedIn    whether a sign-out button is shown (a key is set and this browser signed in)
 * @param refreshSeconds how often live content reloads itself, in seconds
 */
public record Page(String title, String base, String csrf, String taskHub, List<NavItem> nav, boolean signedIn,
                   String refreshSeconds) {

    /** One link of the navigation. */
    public record NavItem(String label, String path, boolean current) {
    }

    static List<NavItem> nav(Section current) {
        return Arrays.stream(Section.values()).map(s -> new NavItem(s.label, s.path, s == current)).toList();
    }
}
