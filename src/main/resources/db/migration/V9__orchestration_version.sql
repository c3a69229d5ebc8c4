-- Orchestration versioning (as Durable Functions' 2025 orchestration versioning): the version an instance was started
-- with ('' for none), set once at the start and inherited by its sub-orchestrations and continue-as-new executions.
-- A process whose reprise.orchestrations.versioning.match is strict or current-or-older claims only the instances its
-- version can run, so old instances drain on processes that still have their code.
ALTER TABLE reprise_instances ADD COLUMN version text NOT NULL DEFAULT '';
