package dev.reprise.dashboard;

/** The dashboard's sections, in the order the navigation shows them. */
enum Section {
    INSTANCES("Instances", "instances"),
    ENTITIES("Entities", "entities"),
    ENGINE("Engine", "engine");

    final String label;
    /** The section's path relative to the dashboard's base. */
    final String path;

    Section(String label, String path) {
        this.label = label;
        this.path = path;
    }
}
