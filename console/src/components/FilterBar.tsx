/**
 * The filter form above every list: fields three to a row (labels in a
 * 76 px column), 查询 and 重置, and the less used fields folded under
 * 更多条件 (kept mounted, so the form keeps their values). Its values live
 * in the URL (lib/url-filters.ts).
 */
import { DownOutlined, ReloadOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Row } from 'antd';
import { type ReactNode, useState } from 'react';
import type { FilterValues, UrlFilters } from '../lib/url-filters.ts';

export interface FilterField {
  readonly name: string;
  readonly label: string;
  readonly input: ReactNode;
  /** Folded under 更多条件 unless the URL has a value for it. */
  readonly more?: boolean;
}

const HIDDEN = { display: 'none' } as const;

function hasValue(value: FilterValues[string]): boolean {
  return Array.isArray(value) ? value.some(Boolean) : Boolean(value);
}

export function FilterBar({ filters, fields }: { filters: UrlFilters<string>; fields: readonly FilterField[] }) {
  const hasMore = fields.some((field) => field.more);
  const [expanded, setExpanded] = useState(() => fields.some((field) => field.more && hasValue(filters.initialValues[field.name])));
  const shown = fields.filter((field) => expanded || !field.more).length;
  // The buttons take the rest of the last row (a whole row when it is full).
  const buttonSpan = shown % 3 === 0 ? 24 : (3 - (shown % 3)) * 8;

  return (
    <Card variant="borderless" styles={{ body: { paddingBottom: 0 } }}>
      <Form<FilterValues>
        form={filters.form}
        initialValues={filters.initialValues}
        onFinish={filters.apply}
        labelCol={{ flex: '76px' }}
        wrapperCol={{ flex: 'auto' }}
        labelWrap
      >
        <Row gutter={16}>
          {fields.map((field) => (
            <Col key={field.name} span={8} style={field.more && !expanded ? HIDDEN : undefined}>
              <Form.Item label={field.label} name={field.name}>
                {field.input}
              </Form.Item>
            </Col>
          ))}
          <Col span={buttonSpan}>
            <Form.Item>
              <Flex justify="flex-end" gap={8}>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  查询
                </Button>
                <Button icon={<ReloadOutlined />} onClick={filters.reset}>
                  重置
                </Button>
                {hasMore && (
                  <Button
                    type="link"
                    onClick={() => setExpanded(!expanded)}
                    icon={expanded ? <UpOutlined /> : <DownOutlined />}
                    iconPlacement="end"
                  >
                    {expanded ? '收起' : '更多条件'}
                  </Button>
                )}
              </Flex>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
