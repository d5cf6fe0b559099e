/**
 * Shift leads' screens see every command's result, whoever asked and on whichever instance: the
 * result goes to one room that the Redis adapter spans across instances.
 */
import { can } from "../../gateway/access.ts";
import type { SocketFeature } from "../../gateway/sockets.ts";
import type { CommandService } from "./command-service.ts";

export const CONTROL_ROOM = "control";

export function controlLive(commands: CommandService): SocketFeature {
  return {
    handlers: [],
    connected(socket) {
      if (can(socket.data.role, "switch:command")) void socket.join(CONTROL_ROOM);
    },
    attach(io) {
      return commands.onResult((result) => io.to(CONTROL_ROOM).emit("control:result", result));
    },
  };
}
