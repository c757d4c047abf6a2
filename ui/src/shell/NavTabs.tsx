import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Link, useLocation } from 'react-router';
import { routes } from './routes';

export function NavTabs() {
  const { pathname } = useLocation();
  const current = routes.find((route) => route.path === pathname)?.path ?? false;
  return (
    <Tabs value={current} aria-label="Sections" variant="scrollable" scrollButtons="auto" sx={{ px: 3, borderBottom: 1, borderColor: 'divider' }}>
      {routes.map((route) => (
        <Tab key={route.path} value={route.path} label={route.label} component={Link} to={route.path} />
      ))}
    </Tabs>
  );
}
