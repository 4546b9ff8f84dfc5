import type { Command } from 'commander';
import type { CommandContext } from '../../command.js';
import { registerAdd } from './add.js';
import { registerApprove } from './approve.js';
import { registerBlock } from './block.js';
import { registerDone } from './done.js';
import { registerHeartbeat } from './heartbeat.js';
import { registerList } from './list.js';
import { registerMine } from './mine.js';
import { registerNote } from './note.js';
import { registerPickup } from './pickup.js';
import { registerCancel, registerReject } from './reason-command.js';
import { registerRelease } from './release.js';
import { registerShow } from './show.js';
import { registerUnblock } from './unblock.js';
import { registerUpdate } from './update.js';

export { readBatch } from './batch.js';

/** `cpk task …`, one file per subcommand, registered in help order. */
export function registerTaskCommands(program: Command, ctx: CommandContext): void {
  const task = program.command('task').description('Create, claim, complete and inspect tasks');
  for (const register of [
    registerAdd,
    registerList,
    registerShow,
    registerMine,
    registerPickup,
    registerDone,
    registerApprove,
    registerReject,
    registerBlock,
    registerUnblock,
    registerRelease,
    registerHeartbeat,
    registerNote,
    registerUpdate,
    registerCancel,
  ]) {
    register(task, ctx);
  }
}
