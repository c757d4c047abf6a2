import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

interface Props {
  title: string;
  summary: string;
  /** What the page will let the user do, one sentence each. */
  planned: string[];
}

/** A page whose feature is not built yet: it says so and what is coming, with no controls that pretend to work. */
export function ComingSoon({ title, summary, planned }: Props) {
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="h2">{title}</Typography>
        <Chip label="Not available yet" size="small" variant="outlined" />
      </Stack>
      <Typography variant="body1" color="text.secondary">
        {summary}
      </Typography>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h4" gutterBottom>
            Coming in a later release
          </Typography>
          <Stack component="ul" spacing={0.5} sx={{ m: 0, pl: 2.5 }}>
            {planned.map((item) => (
              <Typography component="li" variant="body2" key={item}>
                {item}
              </Typography>
            ))}
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}
