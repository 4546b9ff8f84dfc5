/** The docs `cpk init --prd` writes: the PRD itself, and a guide telling an agent how to turn it into tasks. */

export const PRD_DOC = { type: 'reference', title: 'PRD', tags: ['prd', 'requirements'] } as const;
export const GUIDE_DOC = { type: 'operational', title: 'Board setup guide', tags: ['guide', 'setup'] } as const;

/** The guide's body. The server never decomposes anything itself: an agent reads this and the PRD, then adds tasks. */
export function boardSetupGuide(prdId: string): string {
  return `# Board setup guide

The product requirements are in doc **${prdId}** (\`cpk docs read ${prdId}\`). Turn them into tasks on this
board; the server does not plan anything itself.

## 1. Read before writing
- Read the whole PRD, then \`cpk task list\` and \`cpk docs list\` so you do not duplicate what exists.
- Note open questions as a \`decision\` doc (\`cpk docs write --type decision …\`) instead of guessing silently.

## 2. Cut atomic tasks
- One task = one agent, one sitting, one reviewable change (roughly under two hours of work).
- The title says the outcome (\`Add login form with validation\`), the description says where and how.
- Every task gets **acceptance criteria** (observable facts a reviewer can check) and a **verify** command
  that exits 0 only when the work is done, e.g. \`npm test -- login\` or \`test -f dist/app.js\`.
- Link the requirements: \`--context-refs ${prdId}\` (and any other doc the task needs).

## 3. Priorities and dependencies
- **P0**: blocks everything else (project skeleton, schema, build). **P1**: the core features. **P2**: polish.
- Give each task the tasks it really needs in \`--depends-on\` (e.g. \`T-001,T-002\`). A task with unmet
  dependencies waits in backlog and opens by itself once they reach review or done.
- Prefer wide, shallow graphs: independent tasks can be picked up by several agents at once.
- Group related tasks with an \`--epic\`.

## 4. Create them
One at a time:

\`\`\`bash
cpk task add --title "Create project skeleton" --priority P0 --epic Setup \\
  --description "Package manifest, build script, empty app entry" \\
  --acceptance-criteria "npm run build succeeds" --verify "npm run build" --context-refs ${prdId}
\`\`\`

Or all at once from a JSON array, created in one transaction (all or nothing):

\`\`\`json
[
  { "title": "Create project skeleton", "priority": "P0", "epic": "Setup",
    "acceptance_criteria": ["npm run build succeeds"], "verify": "npm run build", "context_refs": ["${prdId}"] },
  { "title": "Render the game board", "priority": "P1", "epic": "Core", "depends_on": ["T-001"],
    "acceptance_criteria": ["20x20 grid visible"], "verify": "npm test -- board", "context_refs": ["${prdId}"] }
]
\`\`\`

\`\`\`bash
cpk task add --batch tasks.json
\`\`\`

Task numbers continue from the highest number on the board (\`cpk task list\`), in the order given; in a
batch, a task may depend on one listed before it.

## 5. Check the board
- \`cpk board status\`: counts per status; nothing should be blocked yet.
- \`cpk task list --status open\` shows what agents can pick up first: it should be the P0 foundations.
`;
}
