import { ComingSoon } from '../../components/ComingSoon';

export default function AppsPage() {
  return (
    <ComingSoon
      title="Sample apps"
      summary="Deploy well-known sample applications into the mesh to see it work."
      planned={[
        'Deploy Image Hub, Bookinfo, httpbin or Emojivoto into a namespace of your choice.',
        'Watch pods come up live, with image-pull and crash failures explained.',
        'Open an app in the browser and remove it again when you are done.',
      ]}
    />
  );
}
