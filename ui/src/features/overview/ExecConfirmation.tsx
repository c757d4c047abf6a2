import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useConfirmExecPlugin, type ExecPlugin } from '../../api';

/** Quotes an argument the way a shell would need it, so what is shown is exactly what runs. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A pasted kubeconfig's exec credential plugin runs a program on this machine. It runs only after the user has seen
 * the exact command here and confirmed it; a changed command comes back here.
 */
export function ExecConfirmation({ plugin }: { plugin: ExecPlugin }) {
  const confirm = useConfirmExecPlugin();
  const commandLine = [plugin.command, ...plugin.args].map(shellWord).join(' ');
  return (
    <Alert severity="warning" aria-label="Exec credential plugin">
      <AlertTitle>Run this program to get credentials?</AlertTitle>
      <Stack spacing={1}>
        <Typography variant="body2">
          User <strong>{plugin.user}</strong> of the pasted kubeconfig gets its credentials by running this command on
          your machine. Confirm only if you expect this program.
        </Typography>
        <Box component="pre" sx={{ m: 0, p: 1, fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-label="Command">
          {commandLine}
        </Box>
        {plugin.envNames.length > 0 ? (
          <Typography variant="caption">With the environment variables {plugin.envNames.join(', ')} set (values hidden).</Typography>
        ) : null}
        {confirm.error ? <Typography variant="body2" color="error">{confirm.error.message}</Typography> : null}
        <Stack direction="row">
          <Button size="small" variant="contained" color="warning" disabled={confirm.isPending} onClick={() => confirm.mutate(plugin.fingerprint)}>
            Run this command
          </Button>
        </Stack>
      </Stack>
    </Alert>
  );
}
