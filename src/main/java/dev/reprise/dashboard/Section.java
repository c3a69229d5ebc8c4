package dev.reprise.dashboard;

/**
 * The dashboard's sections, in the order the navigation shows them. Entities get a section here, with a page of
 * their own, once the engine has durable entities; nothing else of the navigation changes.
 */
enum Section {
    INSTANCES("Instances", "instances"),
    ENGINE("Engine", "engine");

    final String label;
    /** The section's path relative to the dashboard's base. */
    final String path;

    Section(String label, String path) {
        this.label = label;
        this.path = path;
    }
}
