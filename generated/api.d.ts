// Generated from openapi/openapi.json by `npm run contract`. Do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness, version and uptime (not wrapped in `data`) */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List registered projects */
        get: operations["listProjects"];
        put?: never;
        /**
         * Register a project folder (idempotent by path), or make a hosted project
         * @description With `path`: a folder project, its data in `<path>/.codepakt/data.db`; a folder already registered (or already holding a project database) keeps its project (200). Without `path`: a hosted project, its data kept by the server. A `path` that does not exist on the server answers 400, unless `if_path_missing: "hosted"`.
         */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a project and its settings */
        get: operations["getProject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a project or change its lease settings */
        patch: operations["updateProject"];
        trace?: never;
    };
    "/api/projects/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a full integrity check of the project's database
         * @description SQLite's `integrity_check` over every page and index, off the event loop (seconds for a large project). Damage found makes the project unavailable (503 `project_unavailable` naming the file) until the file is restored. Answers 200 either way; `ok` says whether it is sound.
         */
        post: operations["checkProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The whole project as a JSON Lines archive, streamed
         * @description Settings, agents, tasks (ids, numbers, notes, dependencies, every field), docs and the full event log, one JSON record per line (format `codepakt-archive`, version 1, described in docs/archive-format.md). Read from one consistent snapshot while the board goes on working, and streamed as it is read: any size of project costs the server a few pages of memory. The last line is a trailer with the counts; an archive without it was cut short. Importing it (`POST /api/projects/import`) and exporting again gives the same bytes apart from the project id.
         */
        get: operations["exportProject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recreate a project from an archive, streamed
         * @description The body is an archive as `GET /api/projects/{id}/export` writes it (JSON Lines, `Content-Type: application/x-ndjson`), sent as it is read: it is not held by the 1 MiB limit of JSON bodies but by its own, 4 GiB (413 beyond), and 16 MiB per line. Everything is kept as it was (ids, task numbers, notes, dependencies, timestamps, the event log with its ids), and numbering continues where it was. All or nothing: a damaged or foreign archive (not JSON, another format or version, a field failing its check, duplicate ids, a dependency on a task it does not hold, counts not matching the trailer, no trailer) is refused with 400 naming the line and the field, and no project, file or folder is left behind.
         */
        post: operations["importProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tasks in board order (P0 first, then oldest), paginated */
        get: operations["listTasks"];
        put?: never;
        /**
         * Create one task or a batch (one transaction)
         * @description A task starts `open`, or `backlog` when a dependency is not yet in review/done (or when asked). Unknown dependency numbers and dependency cycles are rejected with 400 naming them. A batch is all-or-nothing.
         */
        post: operations["createTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agent's in-progress and review tasks */
        get: operations["listMyTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find tasks by words in their title, description or notes; title matches first, then board order
         * @description Every word must appear (as part of a word too: `pass` finds `password`); `"a phrase"` must appear as typed; `-word` leaves out tasks holding it. Cancelled tasks only when `status` asks for them.
         */
        get: operations["searchTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/pickup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Atomically claim the next task (or a given one)
         * @description Claims the highest-priority open task whose dependencies are met (P0 first, then oldest) and whose files no other agent holds, and leases it to the agent, reserving its files for the lease. Two callers never get the same task, nor overlapping files. With `task_id`, claims that task or answers 409 saying why (for held files: the holder, the files and when the lease ends). With `explain`, also lists the tasks passed over for held files; a 404 names them in its details either way. With `wait`, holds the request up to that many seconds and answers as soon as a task becomes available; a wait ended by the server shutting down answers 503 `shutting_down`. Nothing available → 404 `no_tasks_available`.
         */
        post: operations["pickupTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a task by number (T-001) or id */
        get: operations["getTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update any field, including any status (the human override)
         * @description A status change runs dependency resolution like every other route. Changing `depends_on` is validated for unknown numbers and cycles.
         */
        patch: operations["updateTask"];
        trace?: never;
    };
    "/api/tasks/{id}/dependents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tasks that depend on this one (what it blocks), in board order */
        get: operations["listTaskDependents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/done": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a task done (in-progress → review), or approve it (review → done)
         * @description Only the assignee may complete an in-progress task unless `force` is set; anyone may approve a review task. `verify` records how the task's verify command went (refused with 409 when it failed or timed out). Completing releases the files the claim held. Dependents whose dependencies are all in review/done open in the same transaction.
         */
        post: operations["completeTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a task in review (→ done); the implementer cannot approve its own work (409) */
        post: operations["approveTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a task in review back to its implementer (→ in-progress, fresh lease) with the reason as a note
         * @description A review task with no assignee goes back to the board (open, or backlog while dependencies are unmet). Dependents that were waiting on it go back to backlog.
         */
        post: operations["rejectTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a task made by mistake or no longer wanted (any unfinished status → cancelled)
         * @description The task stays in the log and answers by number, but leaves the task list (ask for `status=cancelled` to see it). Its dependents no longer wait on it: a cancelled dependency counts as met, so they open in the same transaction.
         */
        post: operations["cancelTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a task with a reason (backlog, open or in-progress → blocked) */
        post: operations["blockTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unblock a task (→ open, or backlog while dependencies are unmet); clears reason and assignee
         * @description The body is optional; an empty body reads as `{}`.
         */
        post: operations["unblockTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give an in-progress task back to the board (→ open) */
        post: operations["releaseTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend the caller's lease on an in-progress task (409 if it no longer holds it) */
        post: operations["heartbeatTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Append a note to a task (any status); a note by the holder extends its lease */
        post: operations["addTaskNote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agents that have used this project, with derived status */
        get: operations["listAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One agent */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/board/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts per status, blocked tasks, agents and lapsed leases */
        get: operations["getBoardStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List docs without their bodies, oldest first */
        get: operations["listDocs"];
        put?: never;
        /** Write a doc to the knowledge base */
        post: operations["createDoc"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search over titles, bodies and tags, best match first
         * @description Every word must match (falling back to any word when that finds nothing). `"quoted words"` match as a phrase, a trailing `*` matches a prefix (`auth*`). Any other punctuation is treated as a word separator, so no query is a syntax error. Results carry a snippet, not the body.
         */
        get: operations["searchDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a doc, body included */
        get: operations["getDoc"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a doc’s type, title, body, section or tags
         * @description Records a `doc.updated` event naming the changed fields. A patch that changes nothing records nothing.
         */
        patch: operations["updateDoc"];
        trace?: never;
    };
    "/api/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live Server-Sent Events of the audit log, resumable
         * @description Each event is sent as `id: <event id>`, `event: <type>`, `data: <Event JSON>`. A reconnecting client sends `Last-Event-ID` (or `?after=`) and first receives every event it missed. The stream opens with a `: connected` comment, written once it is subscribed: every event committed after that comment is delivered, so a client may load its initial state then without missing anything. A `: heartbeat` comment is sent every 15 s so proxies keep the connection open.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, oldest first (or newest first), paged by `after` (or `before`) */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Files held now: the live claims of in-progress tasks and unexpired ad-hoc reservations
         * @description What the git guard (`cpk guard`) checks commits against, and what pickups step around. A claim holds its task's files while its lease lives; a reservation until it expires or is released.
         */
        get: operations["listFileHolds"];
        put?: never;
        /**
         * Reserve files for work outside a task (exclusive unless shared)
         * @description Refused with 409 naming the holder, its files and when it ends when a glob overlaps a live claim or reservation of another agent (two shared reservations may overlap). Overlap is decided exactly: some path matches both globs. Expired reservations never block.
         */
        post: operations["reserveFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release the agent's ad-hoc reservations: those named by id or glob, or all of them
         * @description A task's files are released with the task (done, release, block, a lapsed lease), not here. Releasing nothing is not an error: the answer lists what was released.
         */
        post: operations["releaseFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @example 0.3.0 */
            version: string;
            /** @example 42 */
            uptime_seconds: number;
        };
        Project: {
            /** @example 0b6c2a3e-5d4f-4a7e-9d1b-2c8f6e4a1b3d */
            id: string;
            /** @example snake-game */
            name: string;
            /**
             * @description `folder`: its data is in the project folder (`<path>/.codepakt/data.db`, codepakt's layout). `hosted`: its data lives with the server (under its data dir); agents anywhere join it by id
             * @example folder
             * @enum {string}
             */
            kind: "folder" | "hosted";
            /**
             * @description The project folder on the server machine; null for a hosted project
             * @example /home/me/snake-game
             */
            path: string | null;
            /** @example 2026-11-24T09:00:00.000Z */
            created_at: string;
            settings: components["schemas"]["ProjectSettings"];
            /** @description Only in the project list, when its database cannot be used (folder deleted or moved, file damaged): why. Its settings are then the defaults and its other routes answer 503 `project_unavailable`. */
            unavailable?: string;
        };
        ProjectSettings: {
            /**
             * @description Default lease of a pickup, in seconds
             * @example 3600
             */
            lease_seconds: number;
            /**
             * @description Lease expiries after which a task is blocked
             * @example 3
             */
            max_attempts: number;
        };
        CreatedProject: {
            /** @example 0b6c2a3e-5d4f-4a7e-9d1b-2c8f6e4a1b3d */
            id: string;
            /** @example snake-game */
            name: string;
            /**
             * @description `folder`: its data is in the project folder (`<path>/.codepakt/data.db`, codepakt's layout). `hosted`: its data lives with the server (under its data dir); agents anywhere join it by id
             * @example folder
             * @enum {string}
             */
            kind: "folder" | "hosted";
            /**
             * @description The project folder on the server machine; null for a hosted project
             * @example /home/me/snake-game
             */
            path: string | null;
            /** @example 2026-11-24T09:00:00.000Z */
            created_at: string;
            settings: components["schemas"]["ProjectSettings"];
            /** @description Only in the project list, when its database cannot be used (folder deleted or moved, file damaged): why. Its settings are then the defaults and its other routes answer 503 `project_unavailable`. */
            unavailable?: string;
            /** @description Said when the answer differs from what was asked: the path is not on the server, so a hosted project was made */
            notice?: string;
        };
        Error: {
            error: components["schemas"]["ErrorCode"];
            /** @example title: Required */
            message: string;
            details?: {
                path: string;
                message: string;
            }[];
        };
        /**
         * @description What went wrong, for programs; `message` says it for people
         * @example validation_error
         * @enum {string}
         */
        ErrorCode: "validation_error" | "unauthorized" | "forbidden" | "not_found" | "project_not_found" | "task_not_found" | "doc_not_found" | "agent_not_found" | "no_tasks_available" | "conflict" | "payload_too_large" | "unsupported_media_type" | "internal_error" | "project_unavailable" | "disk_full" | "shutting_down" | "storage_unavailable";
        CreateProject: {
            /** @example snake-game */
            name: string;
            /**
             * @description Absolute path of the project folder on the server machine (a folder project). Without it, a hosted project is made
             * @example /home/me/snake-game
             */
            path?: string;
            /** @description Register `path` only if the database in it is this project's (a folder moved, or a server that lost its registry): 409 `conflict` otherwise, and nothing is made */
            project_id?: string;
            /**
             * @description `hosted`: when `path` does not exist on the server (or, with `probe`, is not the caller's folder), make a hosted project instead of answering 400; `notice` says so. Default `error`
             * @enum {string}
             */
            if_path_missing?: "error" | "hosted";
            /**
             * @description Name of a file the caller just made in `<path>/.codepakt/`: the folder is taken as the caller's only when the server sees that file there (another machine may have a folder at the same path)
             * @example .probe-2f1c0e9a
             */
            probe?: string;
        };
        UpdateProject: {
            name?: string;
            settings?: {
                /**
                 * @description Default lease of a pickup, in seconds
                 * @example 3600
                 */
                lease_seconds?: number;
                /**
                 * @description Lease expiries after which a task is blocked
                 * @example 3
                 */
                max_attempts?: number;
            };
        };
        ProjectCheck: {
            project_id: string;
            /**
             * @description The database file checked
             * @example /home/me/snake-game/.codepakt/data.db
             */
            file: string;
            /** @enum {string} */
            kind: "quick_check" | "integrity_check";
            /** @description No damage found */
            ok: boolean;
            /** @description What SQLite found wrong (at most 100 lines), or why the file could not be checked */
            problems: string[];
            duration_ms: number;
            /**
             * @description The check could not run (file missing or unreadable); not a finding of damage
             * @enum {boolean}
             */
            inconclusive?: true;
        };
        ImportedProject: {
            /** @example 0b6c2a3e-5d4f-4a7e-9d1b-2c8f6e4a1b3d */
            id: string;
            /** @example snake-game */
            name: string;
            /**
             * @description `folder`: its data is in the project folder (`<path>/.codepakt/data.db`, codepakt's layout). `hosted`: its data lives with the server (under its data dir); agents anywhere join it by id
             * @example folder
             * @enum {string}
             */
            kind: "folder" | "hosted";
            /**
             * @description The project folder on the server machine; null for a hosted project
             * @example /home/me/snake-game
             */
            path: string | null;
            /** @example 2026-11-24T09:00:00.000Z */
            created_at: string;
            settings: components["schemas"]["ProjectSettings"];
            /** @description Only in the project list, when its database cannot be used (folder deleted or moved, file damaged): why. Its settings are then the defaults and its other routes answer 503 `project_unavailable`. */
            unavailable?: string;
            /** @description What the archive held, now in the project */
            imported: {
                agents: number;
                tasks: number;
                docs: number;
                events: number;
            };
        };
        Task: {
            /** @example 7b0f5c1e-2d9a-4c3b-8f6e-1a2b3c4d5e6f */
            id: string;
            /** @description The project the task belongs to */
            project_id: string;
            /** @example T-001 */
            task_number: string;
            title: string;
            description: string;
            status: components["schemas"]["TaskStatus"];
            priority: components["schemas"]["Priority"];
            assignee: string | null;
            epic: string | null;
            tags: string[];
            capabilities: string[];
            /**
             * @example [
             *       "T-001"
             *     ]
             */
            depends_on: string[];
            deps_met: boolean;
            acceptance_criteria: string[];
            context_refs: string[];
            verify: string | null;
            /** @description Path globs of the files the task touches */
            files: string[];
            verify_result: components["schemas"]["VerifyResult"];
            notes: components["schemas"]["Note"][];
            blocker_reason: string | null;
            /** @description Pickups so far (older name of `pickups`) */
            attempts: number;
            /** @description How many times the task was picked up */
            pickups: number;
            /** @description How many leases on it lapsed; the project’s max_attempts lapses block it */
            lapses: number;
            /** @description Client key it was created with, or null */
            key: string | null;
            lease_expires_at: string | null;
            created_at: string;
            updated_at: string;
            started_at: string | null;
            completed_at: string | null;
        };
        /** @enum {string} */
        TaskStatus: "backlog" | "open" | "in-progress" | "review" | "done" | "blocked" | "cancelled";
        /** @enum {string} */
        Priority: "P0" | "P1" | "P2";
        /** @description The verify run recorded with the last done (null: none recorded) */
        VerifyResult: {
            /** @enum {string} */
            status: "passed" | "failed" | "timed_out" | "skipped";
            command: string | null;
            exit_code: number | null;
            duration_ms: number | null;
            output_tail: string;
            by: string;
            recorded_at: string;
        } | null;
        Note: {
            author: string;
            text: string;
            created_at: string;
        };
        /** @description One task, or a batch of up to 1,000 created in one transaction (later items may depend on earlier ones) */
        CreateTasks: components["schemas"]["NewTask"] | components["schemas"]["NewTask"][];
        NewTask: {
            title: string;
            description?: string;
            priority?: components["schemas"]["Priority"];
            epic?: string | null;
            tags?: string[];
            capabilities?: string[];
            depends_on?: string[];
            acceptance_criteria?: string[];
            context_refs?: string[];
            /** @description Shell command that checks the task; stored, never run by the server */
            verify?: string | null;
            /**
             * @description Files the task touches, as path globs (at most 100)
             * @example [
             *       "src/core/**"
             *     ]
             */
            files?: string[];
            /**
             * @description open (default; backlog anyway while dependencies are unmet) or backlog
             * @enum {string}
             */
            status?: "open" | "backlog";
            /** @description Client key: when a task with this key exists, it is returned and nothing is created (re-runnable batches) */
            key?: string;
        };
        TaskSearchHit: {
            /** @example 7b0f5c1e-2d9a-4c3b-8f6e-1a2b3c4d5e6f */
            id: string;
            /** @description The project the task belongs to */
            project_id: string;
            /** @example T-001 */
            task_number: string;
            title: string;
            description: string;
            status: components["schemas"]["TaskStatus"];
            priority: components["schemas"]["Priority"];
            assignee: string | null;
            epic: string | null;
            tags: string[];
            capabilities: string[];
            /**
             * @example [
             *       "T-001"
             *     ]
             */
            depends_on: string[];
            deps_met: boolean;
            acceptance_criteria: string[];
            context_refs: string[];
            verify: string | null;
            /** @description Path globs of the files the task touches */
            files: string[];
            verify_result: components["schemas"]["VerifyResult"];
            notes: components["schemas"]["Note"][];
            blocker_reason: string | null;
            /** @description Pickups so far (older name of `pickups`) */
            attempts: number;
            /** @description How many times the task was picked up */
            pickups: number;
            /** @description How many leases on it lapsed; the project’s max_attempts lapses block it */
            lapses: number;
            /** @description Client key it was created with, or null */
            key: string | null;
            lease_expires_at: string | null;
            created_at: string;
            updated_at: string;
            started_at: string | null;
            completed_at: string | null;
            /** @description Where the words were found */
            matched_in: ("title" | "description" | "notes")[];
        };
        SkippedTask: {
            task_number: string;
            title: string;
            held_by: string;
            /** @description The claim (T-…) or reservation (R-…) holding the files */
            hold: string;
            /** @description The held globs its files overlap */
            files: string[];
            until: string | null;
        };
        PickupRequest: {
            /**
             * @description Agent name (or ?agent=)
             * @example claude-1
             */
            agent?: string;
            /** @description Lease for this pickup (default: project setting) */
            lease_seconds?: number;
            /** @description Also list the tasks passed over because another agent holds their files (`skipped`) */
            explain?: boolean;
        };
        TaskPatch: {
            title?: string;
            description?: string;
            priority?: components["schemas"]["Priority"];
            epic?: string | null;
            tags?: string[];
            capabilities?: string[];
            depends_on?: string[];
            acceptance_criteria?: string[];
            context_refs?: string[];
            verify?: string | null;
            /**
             * @description Files the task touches, as path globs (at most 100)
             * @example [
             *       "src/core/**"
             *     ]
             */
            files?: string[];
            status?: components["schemas"]["TaskStatus"];
            /**
             * @description Agent name (created on first use)
             * @example claude-1
             */
            assignee?: string | null;
            blocker_reason?: string | null;
            /**
             * @description Who makes the change (default "human")
             * @example claude-1
             */
            actor?: string;
        };
        DoneRequest: {
            /**
             * @description Agent name (or ?agent=)
             * @example claude-1
             */
            agent?: string;
            notes?: string;
            /** @description Complete a task held by another agent (the human override: refused to a token bound to an agent) */
            force?: boolean;
            verify?: components["schemas"]["VerifyReport"];
        };
        /** @description How the task's verify command went in the implementer's checkout; recorded on the task. A failed or timed-out run is refused (409) */
        VerifyReport: {
            /** @enum {string} */
            status: "passed" | "failed" | "timed_out" | "skipped";
            command: string | null;
            exit_code: number | null;
            duration_ms: number | null;
            /** @description Last lines of the output (the last 4,000 characters are kept) */
            output_tail: string;
        };
        ApproveRequest: {
            /**
             * @description Who approves (or ?agent=; default "human"); never the implementer
             * @example claude-1
             */
            agent?: string;
            notes?: string;
        };
        ReasonRequest: {
            reason: string;
            /**
             * @description Who does it (or ?agent=; default "human")
             * @example claude-1
             */
            agent?: string;
        };
        BlockRequest: {
            reason: string;
            /**
             * @description Who blocks it (or ?agent=; default "human")
             * @example claude-1
             */
            agent?: string;
        };
        UnblockRequest: {
            /**
             * @description Agent name (created on first use)
             * @example claude-1
             */
            agent?: string;
        };
        ReleaseRequest: {
            /**
             * @description Agent name (or ?agent=)
             * @example claude-1
             */
            agent?: string;
            /** @description Release a task held by another agent (the human override: refused to a token bound to an agent) */
            force?: boolean;
        };
        HeartbeatRequest: {
            /**
             * @description Agent name (or ?agent=)
             * @example claude-1
             */
            agent?: string;
            lease_seconds?: number;
        };
        NoteRequest: {
            text: string;
            /**
             * @description Default "human"
             * @example claude-1
             */
            author?: string;
        };
        Agent: {
            /** @example claude-1 */
            name: string;
            /** @description The project the agent works in */
            project_id: string;
            /**
             * @description working while it holds an unexpired lease
             * @enum {string}
             */
            status: "working" | "idle";
            /** @example T-004 */
            current_task: string | null;
            lease_expires_at: string | null;
            tasks_in_progress: number;
            tasks_in_review: number;
            last_seen: string;
        };
        BoardStatus: {
            counts: {
                backlog: number;
                open: number;
                "in-progress": number;
                review: number;
                done: number;
                blocked: number;
                cancelled: number;
            };
            total: number;
            blocked: {
                task_number: string;
                title: string;
                blocker_reason: string | null;
                assignee: string | null;
            }[];
            /** @description In-progress tasks whose lease has lapsed; the next pickup reclaims them */
            expired_leases: {
                task_number: string;
                title: string;
                assignee: string | null;
                lease_expires_at: string | null;
            }[];
            agents: components["schemas"]["Agent"][];
            /** @description Files held now (up to 100 of each kind): live claims, then ad-hoc reservations */
            reservations: components["schemas"]["FileHold"][];
            /** @description Same as `counts` (codepakt 0.2 name) */
            by_status: {
                backlog: number;
                open: number;
                "in-progress": number;
                review: number;
                done: number;
                blocked: number;
                cancelled: number;
            };
            /** @description Same as `blocked` (codepakt 0.2 name) */
            blocked_tasks: {
                task_number: string;
                title: string;
                blocker_reason: string | null;
                assignee: string | null;
            }[];
            /** @description Same as `agents` (codepakt 0.2 name) */
            agent_activity: components["schemas"]["Agent"][];
            /** @description Whether the project's agent protocol files are current */
            coordination: {
                /** @description The protocol file is missing or older than this cpk: run `cpk generate` */
                stale: boolean;
                /** @description cpk version stamped in .codepakt/AGENTS.md */
                file_version: string | null;
                cli_version: string;
            };
        };
        FileHold: {
            /**
             * @description A task's live claim, or an ad-hoc reservation
             * @enum {string}
             */
            kind: "task" | "reservation";
            /**
             * @description T-001 for a claim, R-1 for a reservation
             * @example T-004
             */
            ref: string;
            agent: string;
            files: string[];
            shared: boolean;
            /** @description When it stops holding (null: a lease with no end) */
            until: string | null;
        };
        /** @description A doc without its body */
        DocSummary: {
            /** @example D-001 */
            id: string;
            /** @description The project the doc belongs to */
            project_id: string;
            type: components["schemas"]["DocType"];
            /** @example Auth token lifetime */
            title: string;
            /** @example backend */
            section: string | null;
            tags: string[];
            /** @example claude-1 */
            author: string | null;
            /** @example 2026-11-24T09:00:00.000Z */
            created_at: string;
            /** @example 2026-11-24T09:00:00.000Z */
            updated_at: string;
        };
        /**
         * @description operational | decision | reference | learning
         * @enum {string}
         */
        DocType: "operational" | "decision" | "reference" | "learning";
        Doc: {
            /** @example D-001 */
            id: string;
            /** @description The project the doc belongs to */
            project_id: string;
            type: components["schemas"]["DocType"];
            /** @example Auth token lifetime */
            title: string;
            /** @example backend */
            section: string | null;
            tags: string[];
            /** @example claude-1 */
            author: string | null;
            /** @example 2026-11-24T09:00:00.000Z */
            created_at: string;
            /** @example 2026-11-24T09:00:00.000Z */
            updated_at: string;
            /** @description Markdown */
            body: string;
        };
        NewDoc: {
            type: components["schemas"]["DocType"];
            title: string;
            /** @description Markdown */
            body: string;
            section?: string | null;
            /**
             * @example [
             *       "auth",
             *       "security"
             *     ]
             */
            tags?: string[];
            /** @description Who wrote it (an agent name or a person) */
            author?: string | null;
        };
        DocSearchHit: {
            /** @example D-001 */
            id: string;
            /** @description The project the doc belongs to */
            project_id: string;
            type: components["schemas"]["DocType"];
            /** @example Auth token lifetime */
            title: string;
            /** @example backend */
            section: string | null;
            tags: string[];
            /** @example claude-1 */
            author: string | null;
            /** @example 2026-11-24T09:00:00.000Z */
            created_at: string;
            /** @example 2026-11-24T09:00:00.000Z */
            updated_at: string;
            /**
             * @description Passage around the matches, matched words wrapped in `**`
             * @example Tokens expire after **15 minutes**…
             */
            snippet: string;
            /** @description With `runs=true`: the snippet as plain and matched runs, so the doc’s own `**` is never read as a match */
            snippet_runs?: components["schemas"]["SnippetRun"][];
            /** @description Relevance rank: higher is better; comparable between the hits of one search only */
            score: number;
        };
        SnippetRun: {
            text: string;
            match: boolean;
        };
        DocPatch: {
            type?: components["schemas"]["DocType"];
            title?: string;
            body?: string;
            /** @description null clears it */
            section?: string | null;
            /**
             * @description Replaces the tags
             * @example [
             *       "auth",
             *       "security"
             *     ]
             */
            tags?: string[];
            /** @description Who makes the change (default "human") */
            actor?: string;
        };
        Event: {
            /**
             * @description Grows in creation order; pass as `after` to resume
             * @example 42
             */
            id: number;
            /** @example task.pickup */
            type: string;
            /** @description Task id, doc id, agent name or project id */
            entity_id: string;
            /** @example claude-1 */
            actor: string;
            /** @description JSON snapshot of the change */
            payload?: {
                [key: string]: unknown;
            };
            created_at: string;
        };
        Reservation: {
            /** @example R-1 */
            id: string;
            agent: string;
            files: string[];
            shared: boolean;
            created_at: string;
            expires_at: string;
        };
        ReserveRequest: {
            /**
             * @description Agent name (or ?agent=)
             * @example claude-1
             */
            agent?: string;
            files: string[];
            /** @description How long it holds (default: the project's lease length) */
            ttl_seconds?: number;
            /** @description Shared: other shared reservations of the same files are allowed (default exclusive) */
            shared?: boolean;
        };
        ReleaseFilesRequest: {
            /**
             * @description Agent name (or ?agent=)
             * @example claude-1
             */
            agent?: string;
            ids?: string[];
            /** @description Release the reservations naming any of these globs */
            files?: string[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listProjects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Projects */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Project"][];
                    };
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProject"];
            };
        };
        responses: {
            /** @description The folder was already registered, or holds this project: its project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CreatedProject"];
                    };
                };
            };
            /** @description Made */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CreatedProject"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Project"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProject"];
            };
        };
        responses: {
            /** @description The updated project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Project"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    checkProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The check ran */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProjectCheck"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body encoded (Content-Encoding other than identity) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The archive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importProject: {
        parameters: {
            query?: {
                /** @description Make a folder project in this folder of the server machine (its data in `<into_folder>/.codepakt/data.db`; the folder must hold no project). Without it, a hosted project is made */
                into_folder?: string;
                /** @description `true`: give the project a new id (a copy beside the original). By default the archive's id is kept, so configs naming it keep working; an id the server has already is refused with 409 */
                new_id?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The archive */
        requestBody: {
            content: {
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description The project, made */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ImportedProject"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, wrong or revoked bearer token (when the server has one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused: foreign Origin on a state-changing request, or a Host that is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Status or comma-separated statuses (default: every status but cancelled) */
                status?: string;
                assignee?: string;
                epic?: string;
                tag?: string;
                /** @description Page size (1–1000, default 100) */
                limit?: number;
                /** @description `next_cursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTasks: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Who creates the tasks (default: the agent a bound token names, else "human") */
                actor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTasks"];
            };
        };
        responses: {
            /** @description Created: the task, or the batch in order */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"] | components["schemas"]["Task"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMyTasks: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    searchTasks: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description What to look for */
                q: string;
                /** @description Status or comma-separated statuses (default: every status but cancelled) */
                status?: string;
                /** @description At most this many tasks (1–500, default 50) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Matching tasks, best first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TaskSearchHit"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pickupTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
                /** @description Claim this task (T-003 or id) */
                task_id?: string;
                /** @description Seconds to wait for work (0–300) */
                wait?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PickupRequest"];
            };
        };
        responses: {
            /** @description The claimed task, now in-progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                        /** @description With `explain`: tasks passed over (up to 20) because another agent holds their files */
                        skipped?: components["schemas"]["SkippedTask"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskPatch"];
            };
        };
        responses: {
            /** @description The updated task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTaskDependents: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tasks naming this one in depends_on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    completeTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DoneRequest"];
            };
        };
        responses: {
            /** @description The task in review (or done) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    approveTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ApproveRequest"];
            };
        };
        responses: {
            /** @description The approved task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rejectTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description The task, back with its implementer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description The cancelled task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    blockTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BlockRequest"];
            };
        };
        responses: {
            /** @description The blocked task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    unblockTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UnblockRequest"];
            };
        };
        responses: {
            /** @description The unblocked task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    releaseTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReleaseRequest"];
            };
        };
        responses: {
            /** @description The released task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    heartbeatTask: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["HeartbeatRequest"];
            };
        };
        responses: {
            /** @description The task with its new lease */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addTaskNote: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path: {
                /** @description Task number (T-001) or id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NoteRequest"];
            };
        };
        responses: {
            /** @description The task with the note appended */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Task"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Agent"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgent: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Agent"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBoardStatus: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Board summary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BoardStatus"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDocs: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description operational | decision | reference | learning */
                type?: components["schemas"]["DocType"];
                /** @description Only docs carrying this tag */
                tag?: string;
                /** @description Comma-separated doc ids; unknown ones are skipped */
                ids?: string;
                /** @description At most this many (1–1000, default 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Docs, without bodies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DocSummary"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createDoc: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewDoc"];
            };
        };
        responses: {
            /** @description The new doc */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Doc"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    searchDocs: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description What to look for */
                q: string;
                /** @description operational | decision | reference | learning */
                type?: components["schemas"]["DocType"];
                /** @description Only docs carrying this tag */
                tag?: string;
                /** @description At most this many results (1–100, default 10) */
                limit?: number;
                /** @description `true` adds `snippet_runs` to each hit (the dashboard highlights from them) */
                runs?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Matching docs, best first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DocSearchHit"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDoc: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path: {
                /** @description Doc id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The doc */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Doc"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateDoc: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path: {
                /** @description Doc id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DocPatch"];
            };
        };
        responses: {
            /** @description The updated doc */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Doc"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Resume after this event id (Last-Event-ID wins when both are given) */
                after?: number | null;
            };
            header?: {
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless `text/event-stream` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Exact type, or a prefix ending in `*` (`task.*`) */
                type?: string;
                entity_id?: string;
                actor?: string;
                /** @description Only events with a greater id */
                after?: number | null;
                /** @description Only events with a smaller id */
                before?: number | null;
                /** @description asc: oldest first (page forward with `after`); desc: newest first (page back with `before`) */
                order?: "asc" | "desc";
                limit?: number;
                /** @description Only this task's events: task number (T-001) or id */
                task_id?: string;
                /** @description Same as `actor` */
                agent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Event"][];
                        /** @description Oldest-first: pass as `after` for the next page; null when this page was not full */
                        next_after: number | null;
                        /** @description Newest-first: pass as `before` for the next page; null when this page was not full */
                        next_before: number | null;
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listFileHolds: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live holds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FileHold"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request refused (foreign origin or host) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reserveFiles: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReserveRequest"];
            };
        };
        responses: {
            /** @description The reservation */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Reservation"];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    releaseFiles: {
        parameters: {
            query: {
                /** @description Project id from `cpk init` / `POST /api/projects` */
                project_id: string;
                /** @description Agent name, as codepakt 0.2 sent it; the body's `agent` wins when both are given (default: the agent a bound token names) */
                agent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReleaseFilesRequest"];
            };
        };
        responses: {
            /** @description The reservations released */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Reservation"][];
                    };
                };
            };
            /** @description Invalid request; `details` names each offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused (`forbidden`): foreign origin or host, or a token bound to an agent naming another in `agent`, `actor` or `author` (body or query), or using the human override (`force`, `status`/`assignee` in an update) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body must be application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project storage unavailable (`project_unavailable`), its disk full (`disk_full`: nothing was written; free space and retry), the database server unreachable (`storage_unavailable`: retry), or the server is shutting down (`shutting_down`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
